"""The bridge against a real service: status signals, commands, errors, reconnection."""

from __future__ import annotations

from typing import Any

import pytest

from pywats_client.gui.bridge import BridgeError, ServiceBridge


def test_bridge_polls_status_and_runs_commands(
    qtbot: Any, bridge: ServiceBridge, station: Any, arun: Any, wait_ms: int
) -> None:
    with qtbot.waitSignal(bridge.status_changed, timeout=wait_ms) as blocker:
        pass
    status = blocker.args[0]
    assert status["instance_id"] == "gui"
    assert status["state"] == "RUNNING"
    assert bridge.connected
    stats = arun(bridge.request("get_queue_stats"))
    assert stats["pending"] == 0
    with pytest.raises(BridgeError, match="unknown command"):
        arun(bridge.request("no_such_command"))
