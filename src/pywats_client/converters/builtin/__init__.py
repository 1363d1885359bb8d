"""Built-in converters: one module per tester format (WSJF, WSXF, CSV, JUnit, OpenHTF, TestStand
XML, ATML, STDF)."""
