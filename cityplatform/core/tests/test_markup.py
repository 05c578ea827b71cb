from cityplatform.core.markup import render_markdown


def test_markdown_renders_headings_and_emphasis() -> None:
    html = render_markdown("#### 党员突击队\n\n**三社联动**")
    assert "<h4>党员突击队</h4>" in html
    assert "<strong>三社联动</strong>" in html


def test_script_and_event_handlers_cannot_be_injected() -> None:
    html = render_markdown(
        '<script>alert(1)</script><img src="x" onerror="alert(2)">'
        '[click](javascript:alert(3)) <a href="https://example.com" onclick="x()">ok</a>'
    )
    assert "<script" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert 'href="https://example.com"' in html
