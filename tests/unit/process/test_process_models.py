"""Process models load the internal API's PascalCase shapes and keep unknown keys."""

from __future__ import annotations

from typing import Any

from pywats.domains.process import ProcessDetail, RepairCategory, RepairOperationConfig


def node(description: str, *children: dict[str, Any]) -> dict[str, Any]:
    return {
        "GUID": f"guid-{description}",
        "Description": description,
        "Selectable": True,
        "SortOrder": 0,
        "FailureType": 0,
        "ImageConstraint": None,
        "Status": "Active",
        "Failcodes": list(children),
    }


def test_process_detail_reads_pascal_case_and_keeps_unknown_keys() -> None:
    data = {
        "Code": 500,
        "Name": "Repair",
        "Description": "Repair of failed units",
        "ProcessID": "0b0a0c4e-0000-4000-8000-000000000500",
        "ProcessIndex": 6,
        "State": 1,
        "Properties": {"Color": "red"},
        "IsTestOperation": False,
        "IsRepairOperation": True,
        "IsWIPOperation": False,
        "FutureKey": [1, 2],
    }
    detail = ProcessDetail.model_validate(data)
    assert (detail.code, detail.name, detail.process_index, detail.state) == (500, "Repair", 6, 1)
    assert detail.is_repair_operation is True
    assert detail.is_wip_operation is False
    assert detail.properties == {"Color": "red"}
    assert detail.model_dump(by_alias=True, exclude_none=True) == data


def test_repair_configuration_nests_fail_codes() -> None:
    data = {
        "Description": "Repair",
        "UUTRequired": True,
        "CompRefMask": "R%",
        "CompRefMaskDescription": "resistors",
        "BomConstraint": None,
        "BOMRequired": False,
        "VendorRequired": True,
        "Categories": [
            node("Component", node("Defective"), node("Missing", node("Missing (pick)"))),
            node("Solder", node("Bridge")),
        ],
        "MiscInfos": ["Operator note"],
    }
    config = RepairOperationConfig.model_validate(data)
    assert config.uut_required is True
    assert config.vendor_required is True
    assert config.comp_ref_mask == "R%"
    component = config.category("Component")
    assert isinstance(component, RepairCategory)
    assert component.guid == "guid-Component"
    assert component.fail_code_descriptions() == ["Defective", "Missing", "Missing (pick)"]
    assert config.category("component") is None  # exact match only
    assert config.misc_infos == ["Operator note"]
    assert config.model_dump(by_alias=True) == data


def test_empty_configuration_has_no_categories() -> None:
    config = RepairOperationConfig.model_validate({})
    assert config.category("Component") is None
    assert RepairCategory.model_validate({}).fail_code_descriptions() == []
