"""The config's ``watch`` section drives the conversion pipeline's options."""

from __future__ import annotations

import dataclasses

import pytest

from pywats_client.config import ClientConfig, WatchConfig
from pywats_client.conversion.state import ConversionOptions


def test_config_defaults_are_the_pipeline_defaults() -> None:
    from_config = ConversionOptions.from_config(WatchConfig())
    assert from_config == ConversionOptions()


def test_every_watch_key_reaches_the_options() -> None:
    keys = set(WatchConfig.model_fields)
    assert keys <= {field.name for field in dataclasses.fields(ConversionOptions)}
    config = ClientConfig.from_data(
        {"watch": {"stable_s": 2.5, "force_polling": True, "max_attachment_bytes": 4096}}
    )
    options = ConversionOptions.from_config(config.watch)
    assert (options.stable_s, options.force_polling, options.max_attachment_bytes) == (
        2.5,
        True,
        4096,
    )


def test_bad_watch_value_is_refused_with_its_key() -> None:
    with pytest.raises(ValueError, match="rescan_interval_s"):
        ClientConfig.from_data({"watch": {"rescan_interval_s": 0}})
