"""Reading bytes: encodings detected by content, and bad input refused with a clear message."""
import pytest

from policydesk.read import ReadError, read_document

SAMPLE = "一、总体要求\n1.做好测试工作。\n责任单位：区测试局\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_encodings(encoding):
    decoded = read_document(SAMPLE.encode(encoding))
    assert decoded.text.lstrip("\ufeff") == SAMPLE


def test_html_page():
    page = ("<html><head><meta charset='gbk'><title>t</title><script>var x=1;</script></head><body>"
            "<p>1.做好测试工作。</p><table><tr><td>区测试局</td></tr></table></body></html>").encode("gbk")
    decoded = read_document(page)
    assert decoded.format == "html"
    assert "1.做好测试工作。" in decoded.text and "var x" not in decoded.text


@pytest.mark.parametrize("data,word", [
    (b"", "空"),
    (b"   \n\n", "空"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "图片"),
    (b"\xff\xd8\xff\xe0" + bytes(range(256)), "图片"),
    (bytes(range(256)) * 20, "二进制"),
    (b"%PDF-1.4\n", "PDF"),
])
def test_bad_input(data, word):
    with pytest.raises(ReadError) as err:
        read_document(data)
    assert word in str(err.value)
