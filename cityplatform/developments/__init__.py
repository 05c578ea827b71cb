"""New developments (楼盘推介): developments with their developer, sale status (待售/在售/售罄,
with history), price ranges, unit types, photos and promotion period; the public's
enquiries about them and the staff who call the buyers back.

Second-hand homes are the `housing` app; this app does not depend on it.
"""
