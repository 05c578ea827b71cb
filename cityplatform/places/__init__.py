"""Places: the administrative-division tree (省 > 市 > 区县 > 镇街 > 村社区).

Owns `Place`, keyed by the 12-digit statistical division code. A place's
jurisdiction is its code prefix (4302 for 株洲市, 430281 for 醴陵市,
430281108 for 石亭镇), so "is X inside Y" is a string prefix test that needs no
tree walk and works in one indexed query. Loads the bundled division file.
"""
