from cityplatform.core.segmentation import index_terms, query_terms


def test_index_contains_words_and_their_parts() -> None:
    terms = index_terms("全力奋战在疫情防控最前线")
    assert {"疫情", "防控"} <= terms


def test_query_drops_punctuation_and_function_words() -> None:
    assert query_terms("疫情 的 ，防控！") == ("疫情", "防控")
    assert query_terms("   ") == ()


def test_an_added_phrase_is_one_term_and_is_found_inside_longer_words() -> None:
    from cityplatform.core.segmentation import add_words, added_words

    assert query_terms("株洲测试短语") != ("株洲测试短语",)
    add_words(["株洲测试短语", "测试", "  "])  # shorter than three characters: ignored
    assert "株洲测试短语" in added_words()
    assert "测试" not in added_words()
    assert query_terms("株洲测试短语") == ("株洲测试短语",)
    # Indexed wherever it occurs, also inside a longer run of text, with its parts.
    terms = index_terms("这是大株洲测试短语集")
    assert "株洲测试短语" in terms
    assert {"株洲", "测试"} <= terms
