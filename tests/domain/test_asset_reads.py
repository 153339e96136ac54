"""An asset as read: the list filters on locales and channels, and the GET enrichment of media values."""

from __future__ import annotations

import copy

from mock_server.domain.asset_manager.asset import filter_values, present_values
from tests.domain.asset_cases import ATTRIBUTES, JPG, MEDIA, value

# -- list filters (001 "Asset filters") --------------------------------------------------------------------------

FILTER_VALUES = {
    "warning_mention": [
        value("Photo retouched.", "en_US", "mobile"),
        value("Photo retouched. This does not necessarily reflect the reality.", "en_US", "ecommerce"),
        value("Photo retouchée.", "fr_FR", "mobile"),
        value("Photo retouchée, ne représentant pas forcément la réalité.", "fr_FR", "ecommerce"),
    ],
    "model_is_wearing_size": [value("small")],
}


def test_locales_filter_keeps_given_locales_and_non_localizable_values() -> None:
    assert filter_values(FILTER_VALUES, channel=None, locales=["en_US"]) == {
        "warning_mention": FILTER_VALUES["warning_mention"][:2],
        "model_is_wearing_size": [value("small")],
    }


def test_locales_filter_on_several_locales() -> None:
    assert filter_values(FILTER_VALUES, channel=None, locales=["en_US", "fr_FR"]) == FILTER_VALUES


def test_channel_filter_keeps_channel_and_non_scopable_values() -> None:
    assert filter_values(FILTER_VALUES, channel="ecommerce", locales=None) == {
        "warning_mention": [FILTER_VALUES["warning_mention"][1], FILTER_VALUES["warning_mention"][3]],
        "model_is_wearing_size": [value("small")],
    }


def test_channel_and_locales_filters_combine() -> None:
    assert filter_values(FILTER_VALUES, channel="mobile", locales=["fr_FR"]) == {
        "warning_mention": [value("Photo retouchée.", "fr_FR", "mobile")],
        "model_is_wearing_size": [value("small")],
    }


def test_filters_drop_attributes_left_without_entries() -> None:
    values = {"alt_tag": [value("x", "de_DE")], "photographer": [value("ben")]}
    assert filter_values(values, channel=None, locales=["en_US"]) == {"photographer": [value("ben")]}


def test_the_read_path_leaves_the_stored_values_as_they_were() -> None:
    """filter_values builds lists of its own (entries shared, read-only); present_values, the last step, gives each
    entry its own dict: what a GET answers can be changed without touching the store."""
    stored = copy.deepcopy(FILTER_VALUES)
    result = filter_values(FILTER_VALUES, channel=None, locales=None)
    assert result == FILTER_VALUES
    result["model_is_wearing_size"].clear()
    presented = present_values(FILTER_VALUES, attributes={}, media_files=lambda code: None, download_url=str)
    presented["model_is_wearing_size"][0]["data"] = "large"
    presented["model_is_wearing_size"][0]["linked_data"] = {}
    assert stored == FILTER_VALUES


# -- GET enrichment ----------------------------------------------------------------------------------------------


def _present(values: dict) -> dict:
    return present_values(
        values,
        attributes=ATTRIBUTES,
        media_files=MEDIA.get,
        download_url=lambda code: f"https://pim.example.com/api/rest/v1/asset-media-files/{code}",
    )


def test_media_file_value_gets_download_link_and_linked_data() -> None:
    assert _present({"picture": [value(JPG.code)]}) == {
        "picture": [
            {
                **value(JPG.code),
                "_links": {"download": {"href": f"https://pim.example.com/api/rest/v1/asset-media-files/{JPG.code}"}},
                "linked_data": {
                    "size": 100,
                    "mime_type": "image/jpeg",
                    "extension": "jpg",
                    "original_filename": "photo.jpg",
                },
            }
        ]
    }


def test_media_file_value_of_missing_file_is_shown_as_stored() -> None:
    assert _present({"picture": [value("0/0/0/0/gone.jpg")]}) == {"picture": [value("0/0/0/0/gone.jpg")]}


def test_media_link_value_gets_full_url() -> None:
    assert _present({"media_link": [value("sku_1")], "bare_link": [value("https://x.com/a.png")]}) == {
        "media_link": [
            {
                **value("sku_1"),
                "linked_data": {
                    "full_url": "https://dam.example.com/sku_1.jpg",
                    "prefix": "https://dam.example.com/",
                    "suffix": ".jpg",
                },
            }
        ],
        "bare_link": [
            {
                **value("https://x.com/a.png"),
                "linked_data": {
                    "full_url": "https://x.com/a.png",
                    "prefix": None,
                    "suffix": None,
                },
            }
        ],
    }


def test_null_data_gets_no_enrichment() -> None:
    values = {"picture": [value(None)], "media_link": [value(None)]}
    assert _present(values) == values


def test_other_types_are_shown_as_stored_and_inputs_untouched() -> None:
    values = {"photographer": [value("ben")], "picture": [value(JPG.code)], "gone_attribute": [value("x")]}
    snapshot = copy.deepcopy(values)
    presented = _present(values)
    assert presented["photographer"] == [value("ben")]
    assert presented["gone_attribute"] == [value("x")]
    assert values == snapshot
