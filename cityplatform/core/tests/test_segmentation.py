from cityplatform.core.segmentation import index_terms, query_terms


def test_index_contains_words_and_their_parts() -> None:
    terms = index_terms("全力奋战在疫情防控最前线")
    assert {"疫情", "防控"} <= terms


def test_query_drops_punctuation_and_function_words() -> None:
    assert query_terms("疫情 的 ，防控！") == ("疫情", "防控")
    assert query_terms("   ") == ()
