"""The station demo: an embedded WATS emulator, a station service, tester files landing in
watch folders, converted, queued and delivered - shown live."""
