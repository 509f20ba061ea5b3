"""Other layouts and file formats, built here from our own sentences: inline brackets, ledger
tables in HTML, DOCX and PDF (merged cells included), and a PDF without a text layer."""
import io

import pytest

from conftest import validate
from policydesk.api import parse_bytes
from policydesk.read import ReadError

HEADER = ("某区人民政府办公室关于印发某区2024年重点任务分工方案的通知\n某政办发〔2024〕9号\n"
          "各街道办事处，区政府各部门：\n现将《某区2024年重点任务分工方案》印发给你们，请认真组织实施。\n"
          "某区人民政府办公室\n2024年2月1日\n")
ROWS = [["1", "推动重点项目开工建设", "区发改局", "区住建局、区财政局", "2024年6月底前"],
        ["2", "扩大有效投资", "区发改局", "区财政局", "2024年底"],
        ["3", "新增城镇就业岗位", "区人社局", "各街道", "长期坚持"]]
EXPECTED = {
    "1": (["区发改局"], ["区住建局", "区财政局"]),
    "2": (["区发改局"], ["区财政局"]),
    "3": (["区人社局"], ["各街道"]),
}


def _parsed(text: str, name: str):
    """A guide typed as text, parsed and checked against the schema."""
    guide = parse_bytes(text.encode("utf-8"), name)
    validate(guide.to_dict())
    return guide


def _parsed_page(body: str, name: str):
    """A web page with the common header above `body`, parsed and checked against the schema."""
    page = "<html><body>" + "".join(f"<p>{line}</p>" for line in HEADER.splitlines()) + body + "</body></html>"
    guide = parse_bytes(page.encode("utf-8"), name)
    validate(guide.to_dict())
    return guide


def _roles(guide):
    return {t.ref: ([u.name for u in t.lead], [u.name for u in t.support]) for t in guide.tasks}


def test_inline_brackets():
    text = HEADER + (
        "一、持续优化营商环境\n"
        "1、深化审批制度改革，推行企业开办一日办结。（区政府办公室、区审改办牵头，区级各有关部门按职责分工负责）\n"
        "2、完善企业服务平台。（区发改局牵头，区财政局、区住建局等部门配合）\n"
        "3、开展涉企收费专项检查。（责任单位：区市场监管局）\n"
        "4、推进信用体系建设，年底前完成。（区发改局负责）\n"
        "5、加快数字政府建设。（区大数据局、区政务服务中心分别牵头）\n"
        "6、统计人员培训（其中新入职人员1.5万名）要全部覆盖。（区统计局）\n")
    guide = _parsed(text, "inline.txt")
    assert _roles(guide) == {
        "1": (["区政府办公室", "区审改办"], ["区级各有关部门"]),
        "2": (["区发改局"], ["区财政局", "区住建局"]),
        "3": (["区市场监管局"], []),
        "4": (["区发改局"], []),
        "5": (["区大数据局", "区政务服务中心"], []),
        "6": (["区统计局"], []),
    }
    four = next(t for t in guide.tasks if t.ref == "4")
    assert four.deadlines[0].date == "2024-12-31"
    six = next(t for t in guide.tasks if t.ref == "6")
    assert "其中新入职人员1.5万名" in six.text


def test_a_deadline_inside_the_bracket_of_units():
    text = HEADER + (
        "一、加强企业服务\n"
        "1.建立重点企业服务专员制度。（区工信局牵头，各街道配合；2024年6月底前完成）\n"
        "2.开展政策宣讲进园区活动。（区商务局负责，长期坚持）\n"
        "3.清理拖欠中小企业账款。由区财政局牵头，区审计局配合，年底前完成。\n"
        "4.梳理惠企政策清单。（2024年3月底前完成）\n"
        "5.编制企业服务指南。（区政务服务局负责）\n")
    guide = _parsed(text, "bracket-deadline.txt")
    assert _roles(guide) == {
        "1": (["区工信局"], ["各街道"]),
        "2": (["区商务局"], []),
        "3": (["区财政局"], ["区审计局"]),
        "4": ([], []),
        "5": (["区政务服务局"], []),
    }
    tasks = {t.ref: t for t in guide.tasks}
    assert [d.date for d in tasks["1"].deadlines] == ["2024-06-30"]
    assert [(d.text, d.date) for d in tasks["2"].deadlines] == [("长期坚持", None)]
    assert [d.date for d in tasks["3"].deadlines] == ["2024-12-31"]
    assert "牵头" not in tasks["1"].text and "长期坚持" not in tasks["2"].text
    # a bracket that holds only a deadline names no units: it stays the task's text
    assert "2024年3月底前完成" in tasks["4"].text and [d.date for d in tasks["4"].deadlines] == ["2024-03-31"]


def test_units_and_deadline_on_the_task_line_under_a_title_with_a_note():
    text = ("某县2024年优化营商环境攻坚行动任务分工\n（列第一位的为牵头单位）\n一、政务服务提升行动\n"
            "1.推行主题式集成服务，年内上线20个主题。责任单位：县政务服务中心、县数据局；完成时限：2024年12月底\n"
            "2.深化告知承诺制。责任单位：县司法局、县市场监管局 完成时限：2024年6月\n"
            "二、要素保障提升行动\n3.开展标准地出让。\n①新增工业用地按标准地出让；\n②建立标准地指标体系。\n"
            "责任单位：县自然资源局、县发改局\n")
    guide = _parsed(text, "line.txt")
    assert guide.document.title == "某县2024年优化营商环境攻坚行动任务分工"
    assert _roles(guide) == {"1": (["县政务服务中心"], ["县数据局"]), "2": (["县司法局"], ["县市场监管局"]),
                             "3": (["县自然资源局"], ["县发改局"])}
    tasks = {t.ref: t for t in guide.tasks}
    assert [d.date for d in tasks["1"].deadlines] == ["2024-12-31"]
    assert [d.date for d in tasks["2"].deadlines] == ["2024-06-30"]
    assert "①新增工业用地" in tasks["3"].text and "②建立" in tasks["3"].text


def test_unit_lines_after_a_run_of_items_apply_to_each():
    text = HEADER + (
        "一、财政政策\n（一）加快财政支出进度。及时拨付资金。\n牵头单位：区财政局\n责任单位：区直各部门\n"
        "（二）支持延期还本付息。\n1.对年内到期的普惠小微贷款，应延尽延。\n2.对个人住房贷款灵活调整还款计划。\n"
        "牵头单位：区金融办\n责任单位：各银行机构\n"
        "（三）开展标准地出让。\n①新增工业用地按标准地出让；\n②建立标准地指标体系。（区自然资源局牵头）\n")
    guide = _parsed(text, "group.txt")
    assert _roles(guide) == {"一(一)": (["区财政局"], ["区直各部门"]),
                             "一(二)1": (["区金融办"], ["各银行机构"]), "一(二)2": (["区金融办"], ["各银行机构"]),
                             "一(三)": (["区自然资源局"], [])}


def test_labelled_roles_inside_one_bracket_and_items_numbered_1_paren():
    text = HEADER + (
        "一、产业发展\n"
        "1、培育规上工业企业20家。（牵头单位：区工信局；配合单位：区发改局、区科技局；完成时限：2024年12月）\n"
        "2、推动服务业扩能提质（见附件1）。（牵头单位：区商务局，配合单位：区文旅局等部门）\n"
        "二、城市建设\n1）实施城市更新项目10个。（责任单位：区住建局、区自然资源局）\n"
        "2）推进海绵城市建设。（责任单位：区住建局，区水务局配合）\n")
    guide = _parsed(text, "brackets.txt")
    assert _roles(guide) == {"一1": (["区工信局"], ["区发改局", "区科技局"]), "一2": (["区商务局"], ["区文旅局"]),
                             "二1": (["区住建局", "区自然资源局"], []), "二2": (["区住建局"], ["区水务局"])}
    tasks = {t.ref: t for t in guide.tasks}
    assert [d.date for d in tasks["一1"].deadlines] == ["2024-12-31"]
    assert "附件1" in tasks["一2"].text and [t.path for t in guide.tasks][2] == ["二", "1"]


def test_org_and_office_of_branches_and_party_organs():
    text = HEADER + (
        "一、金融支持\n1.扩大普惠小微贷款。\n牵头单位：人民银行某区支行\n"
        "配合单位：工商银行某市分行普惠金融部、区委宣传部、区税务局第一税务所\n"
        "2.水电气价格按居民标准执行，惠及新市民、青年人。\n牵头单位：某市水务集团有限公司\n"
        "配合单位：某集团有限公司综合部\n")
    guide = parse_bytes(text.encode("utf-8"), "orgs.txt")
    units = {u.name: (u.org, u.office) for t in guide.tasks for u in t.lead + t.support}
    assert units == {"人民银行某区支行": ("人民银行某区支行", None),
                     "工商银行某市分行普惠金融部": ("工商银行某市分行", "普惠金融部"),
                     "区委宣传部": ("区委宣传部", None), "区税务局第一税务所": ("区税务局", "第一税务所"),
                     # a company's legal form is part of its name, no office
                     "某市水务集团有限公司": ("某市水务集团有限公司", None), "某集团有限公司综合部": ("某集团有限公司", "综合部")}
    assert guide.tasks[1].beneficiaries == ["新市民", "青年人"]


def test_parts_and_an_attached_contact_list():
    text = ("关于印发《某区2024年稳岗扩就业工作措施责任分工》的通知\n某政办〔2024〕12号\n各街道，区政府各部门：\n"
            "现将《某区2024年稳岗扩就业工作措施责任分工》印发给你们，请遵照执行。\n某区人民政府办公室\n2024年3月1日\n"
            "第一部分 支持企业稳岗\n（1）落实失业保险稳岗返还政策。\n牵头单位：区人社局　配合单位：区财政局\n"
            "第二部分 促进重点群体就业\n（2）实施高校毕业生就业服务攻坚行动。\n牵头单位：区人社局　配合单位：区教育局\n"
            "附件：各单位联系人及联系方式\n区人社局  王某  83001234\n")
    guide = _parsed(text, "parts.txt")
    assert [(t.path, [u.name for u in t.support]) for t in guide.tasks] == [
        (["第一部分", "(1)"], ["区财政局"]), (["第二部分", "(2)"], ["区教育局"])]
    assert "附件" not in guide.tasks[-1].text and all(not u.phones for t in guide.tasks for u in t.support)
    assert guide.document.issuer == "某区人民政府办公室"  # the signature: the notice title names none


def test_header_number_in_brackets_and_recipients_with_brackets():
    text = ("某市人民政府办公厅关于印发2006年主要任务分解的通知\n(某政办发[2006]64号)\n"
            "各县(市、区)人民政府,市政府各部门、各直属单位:\n经市政府同意,现将主要任务分解印发给你们。\n"
            "某市人民政府办公厅\n二○○六年三月三十日\n一、主要目标\n1.全市生产总值增长12%。(市发改委)\n")
    guide = parse_bytes(text.encode("utf-8"), "bracket-number.txt")
    d = guide.document
    assert (d.doc_number, d.issuer, d.date) == ("某政办发[2006]64号", "某市人民政府办公厅", "2006-03-30")
    assert d.recipients == ["各县(市、区)人民政府", "市政府各部门", "各直属单位"]
    # a number in brackets after a cited title, or followed by 精神, is the cited document's
    cited = text.replace("(某政办发[2006]64号)\n", "").replace(
        "现将主要任务分解印发给你们", "为落实市政府关于稳增长的通知(某政发[2006]9号)精神，现将主要任务分解印发给你们")
    assert parse_bytes(cited.encode("utf-8"), "cited.txt").document.doc_number is None


def test_phones_named_for_their_unit_and_after_a_contact_person():
    text = HEADER + (
        "一、惠企措施\n1．对新招用高校毕业生的小微企业给予补贴。\n责任单位：区人力社保局（牵头）、区财政局\n"
        "联系电话：64001111（人力社保局）、64002222（财政局）\n"
        "2．对纳税额增长较快的企业给予奖励。\n责任单位：区税务局（牵头）、区财政局\n联系电话：64003333\n"
        "3．组织银企对接会。\n责任单位：区金融办\n联系人及电话：赵某，64004444\n"
        "4．开展政策宣讲。\n责任单位：区商务局\n联系人：钱某，电话：64005555\n")
    guide = _parsed(text, "phones.txt")
    phones = {t.ref: ([(u.name, u.phones) for u in t.lead], [(u.name, u.phones) for u in t.support])
              for t in guide.tasks}
    assert phones == {
        "1": ([("区人力社保局", ["64001111"])], [("区财政局", ["64002222"])]),
        "2": ([("区税务局", ["64003333"])], [("区财政局", [])]),  # one phone, a marked lead: the lead's
        "3": ([("区金融办", ["64004444"])], []),
        "4": ([("区商务局", ["64005555"])], []),
    }


def test_a_note_after_the_units_inside_their_bracket():
    text = HEADER + (
        "一、支持企业稳岗扩岗\n（一）延续降低失业保险费率政策。（责任单位：市人社局、市财政局。以下均需各县区落实，不再列出）\n"
        "（二）给予一次性扩岗补助。（责任单位：市人社局）\n")
    guide = parse_bytes(text.encode("utf-8"), "note.txt")
    assert _roles(guide) == {"一(一)": (["市人社局", "市财政局"], []), "一(二)": (["市人社局"], [])}
    assert guide.tasks[0].text == "延续降低失业保险费率政策。"


def test_units_parted_by_spaces_but_not_by_line_breaks():
    text = HEADER + (
        "一、惠企措施\n1．对企业给予奖励。\n牵头单位：区发改委　区财政局\n"
        "2．组织对接会。\n责任单位：区金融办 区商务局  各街道\n"
        "3．开展政策宣讲。\n责任单位：区财政局\n区域经济科\n")
    guide = _parsed(text, "spaces.txt")
    assert _roles(guide) == {"1": (["区发改委", "区财政局"], []), "2": (["区金融办", "区商务局", "各街道"], []),
                             "3": (["区财政局区域经济科"], [])}


def test_phones_in_brackets_after_the_unit():
    text = HEADER + (
        "一、减税降费\n1.一次性退还存量留抵税额。\n第一责任单位：区税务局（联系电话：69101234）\n"
        "责任单位：区财政局（联系电话：69105678）\n2.减免3个月租金。\n"
        "国有企业房屋第一责任单位：区国资委（69102222）\n行政事业单位房屋第一责任单位：区机关事务中心（69103333）\n")
    guide = _parsed(text, "bracketed-phones.txt")
    units = [[(u.scope, u.name, u.phones) for u in t.lead + t.support] for t in guide.tasks]
    assert units == [[(None, "区税务局", ["69101234"]), (None, "区财政局", ["69105678"])],
                     [("国有企业房屋", "区国资委", ["69102222"]), ("行政事业单位房屋", "区机关事务中心", ["69103333"])]]
    assert guide.tasks[0].text == "一次性退还存量留抵税额。"


def test_role_phone_and_deadline_on_one_line():
    text = HEADER + (
        "一、惠企措施\n1．对企业给予奖励。\n牵头单位：区发改委 联系人：张三 电话：69101234\n"
        "配合单位：区财政局 联系人：李四 电话：69105678\n"
        "2．组织对接会。\n牵头单位：区金融办；联系电话：69104444；完成时间：2024年6月30日\n"
        "3．开展宣讲。\n牵头单位：区商务局\n联系电话：64\n")  # two digits are no phone number
    guide = _parsed(text, "one-line.txt")
    assert [[(u.name, u.phones) for u in t.lead + t.support] for t in guide.tasks] == [
        [("区发改委", ["69101234"]), ("区财政局", ["69105678"])], [("区金融办", ["69104444"])], [("区商务局", [])]]
    assert [d.date for d in guide.tasks[1].deadlines] == ["2024-06-30"] and guide.tasks[1].text == "组织对接会。"


def _html_table() -> bytes:
    cells = "".join(
        f"<tr><td>{r[0]}</td><td>{r[1]}</td>" + ("<td rowspan='2'>区发改局</td>" if r[0] == "1" else
                                                 "" if r[0] == "2" else f"<td>{r[2]}</td>")
        + f"<td>{r[3]}</td><td>{r[4]}</td></tr>" for r in ROWS)
    page = ("<html><head><meta charset='gbk'><title>分工</title><script>var a=1</script></head><body>"
            "<div>首页 &gt; 政务公开</div><div>【字号：大 中 小】 打印 关闭</div>"
            + "".join(f"<p>{line}</p>" for line in HEADER.splitlines())
            + "<table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>"
            "<tr><td colspan='5'>一、稳增长</td></tr>" + cells + "</table></body></html>")
    return page.encode("gbk")


def test_html_ledger_table_with_merged_cells():
    guide = parse_bytes(_html_table(), "page.html")
    validate(guide.to_dict())
    assert guide.source.format == "html"
    assert _roles(guide) == EXPECTED
    assert guide.document.doc_number == "某政办发〔2024〕9号"
    assert [t.path for t in guide.tasks][0] == ["一", "1"]
    assert next(t for t in guide.tasks if t.ref == "1").deadlines[0].date == "2024-06-30"


def test_html_ordered_lists_number_their_items():
    guide = _parsed_page("<p>一、稳增长</p><ol><li>推动重点项目开工建设。牵头单位：区发改局</li>"
                         "<li>扩大有效投资。<ol start='1'><li>加快专项债券使用。牵头单位：区财政局</li>"
                         "<li>用好政策性金融工具。牵头单位：区发改局</li></ol></li></ol>"
                         "<ul><li>附件：任务台账</li></ul>", "list.html")
    assert [(t.path, [u.name for u in t.lead]) for t in guide.tasks] == [
        (["一", "1"], ["区发改局"]), (["一", "2", "(1)"], ["区财政局"]), (["一", "2", "(2)"], ["区发改局"])]


def test_a_unit_cell_that_names_each_role():
    guide = _parsed_page("<table><tr><th>序号</th><th>重点任务</th><th>责任单位</th><th>完成时限</th></tr>"
                         "<tr><td>1</td><td>推动重点项目开工建设</td><td>牵头：区发改局<br>配合：区财政局、区住建局</td>"
                         "<td>2024年6月</td></tr><tr><td>2</td><td>扩大有效投资</td><td>区发改局（牵头）、区财政局</td>"
                         "<td>2024年底</td></tr></table>", "cell-roles.html")
    assert _roles(guide) == {"1": (["区发改局"], ["区财政局", "区住建局"]), "2": (["区发改局"], ["区财政局"])}
    assert [d.date for d in guide.tasks[0].deadlines] == ["2024-06-30"]


def test_a_table_header_repeated_on_every_page_is_no_task():
    header = "<tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>完成时限</th></tr>"
    guide = _parsed_page(f"<table>{header}<tr><td>1</td><td>推动重点项目开工建设</td><td>区发改局</td>"
                         f"<td>2024年6月</td></tr>{header.replace('th>', 'td>')}<tr><td>2</td><td>扩大有效投资</td>"
                         "<td>区财政局</td><td>2024年底</td></tr></table>", "pages.html")
    assert _roles(guide) == {"1": (["区发改局"], []), "2": (["区财政局"], [])}


def test_a_task_cell_continued_over_a_page_break():
    guide = _parsed_page(
        "<table><tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>完成时限</th></tr>"
        "<tr><td></td><td>稳增长</td><td></td><td></td></tr>"
        "<tr><td>1</td><td>推动重点项目开工建设，确保年内</td><td>区发改局</td><td>2024年6月</td></tr>"
        "<tr><td></td><td>新开工项目不少于20个，投资超过百亿元</td><td></td><td></td></tr>"
        "<tr><td>2</td><td>扩大有效投资</td><td>区财政局</td><td>2024年底</td></tr></table>", "continued.html")
    assert _roles(guide) == {"1": (["区发改局"], []), "2": (["区财政局"], [])}
    assert guide.tasks[0].text == "推动重点项目开工建设，确保年内新开工项目不少于20个，投资超过百亿元。"
    assert not any("稳增长" in t.text for t in guide.tasks)  # a title row, not a continuation


def test_docx_table_with_merged_cells():
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for line in HEADER.splitlines():
        d.add_paragraph(line)
    t = d.add_table(rows=len(ROWS) + 2, cols=5)
    for i, h in enumerate(["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]):
        t.cell(0, i).text = h
    t.cell(1, 0).merge(t.cell(1, 4)).text = "一、稳增长"
    for r, row in enumerate(ROWS, start=2):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    t.cell(2, 2).merge(t.cell(3, 2)).text = "区发改局"
    buf = io.BytesIO()
    d.save(buf)
    guide = parse_bytes(buf.getvalue(), "plan.docx")
    validate(guide.to_dict())
    assert guide.source.format == "docx"
    assert _roles(guide) == EXPECTED


@pytest.mark.parametrize("delimiter", ["\t", ","])
def test_a_ledger_sheet_saved_as_text(delimiter):
    """A sheet copied out of Excel (tabs) or saved as CSV (commas; a quoted cell may hold commas
    and line breaks): read as the same ledger, the title above it kept."""
    def cell(value: str) -> str:
        return f'"{value}"' if delimiter in value or "\n" in value else value  # as Excel quotes them
    rows = [["序号", "重点任务", "牵头单位", "配合单位", "完成时限"], ["一、稳增长"]] + [
        [r[0], r[1], r[2] if r[0] != "2" else "区发改局", r[3], r[4]] for r in ROWS] + [
        ["4", "优化公共服务,\n做好兜底保障", "区民政局", "区财政局", "2024年9月"],
        ["5", "推进老旧小区改造", "区住建局", "各街道", "第三季度"]]
    text = f"附件1\n某区2024年重点任务分解表{delimiter * 4}\n" + "\n".join(delimiter.join(cell(c) for c in row) for row in rows) + "\n"
    guide = _parsed(text, "sheet.txt")
    assert guide.document.title == "某区2024年重点任务分解表"
    assert _roles(guide) == dict(EXPECTED, **{"4": (["区民政局"], ["区财政局"]), "5": (["区住建局"], ["各街道"])})
    assert [t.path for t in guide.tasks][0] == ["一", "1"]
    tasks = {t.ref: t for t in guide.tasks}
    assert "优化公共服务" in tasks["4"].text and "做好兜底保障" in tasks["4"].text
    # a deadline column gives the end of a bare month or quarter (the year from the title)
    assert [d.date for d in tasks["4"].deadlines] == ["2024-09-30"]
    assert [d.date for d in tasks["5"].deadlines] == ["2024-09-30"]
    assert [(d.text, d.date) for d in tasks["3"].deadlines] == [("长期坚持", None)]


def test_a_table_copied_with_spaces_between_cells():
    text = ("某区2024年重点任务清单\n序号  重点任务  牵头单位  配合单位  完成时限\n一、稳增长\n"
            "1  推动重点项目 开工建设  区发改局  区住建局、区财政局  2024年6月底前\n"
            "2  扩大有效投资  区发改局  区财政局  2024年底\n3  新增城镇就业岗位  区人社局  各街道  长期坚持\n")
    guide = _parsed(text, "spaced.txt")
    assert guide.document.title == "某区2024年重点任务清单"
    assert _roles(guide) == EXPECTED and [t.path for t in guide.tasks][0] == ["一", "1"]
    assert guide.tasks[0].text == "推动重点项目开工建设。"  # a space inside the task cell
    # a line of column words inside prose is no table
    prose = HEADER + "说明：重点任务 牵头单位 配合单位 按下列顺序列出\n一、稳增长\n1.推动重点项目开工建设。\n牵头单位：区发改局\n"
    assert _roles(_parsed(prose, "prose.txt")) == {"1": (["区发改局"], [])}


def test_text_with_tabs_that_is_no_ledger_reads_as_text():
    text = HEADER + "一、稳增长\n1.推动重点项目开工建设。\t（见附表）\t\n责任单位：区发改局\n"
    guide = parse_bytes(text.encode("utf-8"), "tabs.txt")
    assert _roles(guide) == {"1": (["区发改局"], [])}


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _numbered_docx(items: list[tuple[int, str]]) -> bytes:
    """A DOCX whose headings and items are numbered by Word (一、 / （一） / 1.), not typed."""
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml
    d = docx.Document()
    numbering = d.part.numbering_part.element
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {_W} w:abstractNumId="90">'
        + "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
                  for i, (fmt, text) in enumerate(levels)) + "</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {_W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for line in HEADER.splitlines():
        d.add_paragraph(line)
    for level, text in items:
        if level < 0:
            d.add_paragraph(text)
            continue
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {_W}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_with_word_list_numbering():
    data = _numbered_docx([
        (0, "稳增长"), (1, "扩大投资"), (2, "推动重点项目开工建设。"), (-1, "牵头单位：区发改局"),
        (2, "加快专项债券使用。"), (-1, "牵头单位：区财政局"),
        (1, "促进消费"), (2, "发放消费券。"), (-1, "牵头单位：区商务局"),
        (0, "保民生"), (1, "稳就业"), (2, "开展招聘活动。"), (-1, "牵头单位：区人社局")])
    guide = parse_bytes(data, "numbered.docx")
    validate(guide.to_dict())
    # a level restarts under each new parent, as Word draws it (1, 2, then 1 under (二))
    assert [(t.path, [u.name for u in t.lead]) for t in guide.tasks] == [
        (["一", "(一)", "1"], ["区发改局"]), (["一", "(一)", "2"], ["区财政局"]),
        (["一", "(二)", "1"], ["区商务局"]), (["二", "(一)", "1"], ["区人社局"])]
    assert [h.title for h in guide.outline] == ["稳增长", "扩大投资", "促进消费", "保民生", "稳就业"]


def _pdf(with_text: bool) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4)
    if not with_text:
        doc.build([Spacer(10, 10)])
        return buf.getvalue()
    flow = [Paragraph(line, style) for line in HEADER.splitlines()] + [Paragraph("一、稳增长", style)]
    table = Table([["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]] + ROWS)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    doc.build(flow + [table])
    return buf.getvalue()


def test_pdf_with_table():
    pytest.importorskip("reportlab")
    guide = parse_bytes(_pdf(True), "plan.pdf")
    validate(guide.to_dict())
    assert guide.source.format == "pdf"
    assert _roles(guide) == EXPECTED


def test_pdf_without_text_layer_is_refused():
    pytest.importorskip("reportlab")
    with pytest.raises(ReadError) as err:
        parse_bytes(_pdf(False), "scan.pdf")
    assert "扫描件" in str(err.value)


def test_first_listed_is_lead_rule():
    text = HEADER + ("（各项任务中列第一位的为牵头单位，下同）\n一、重点任务\n"
                     "1.推进老旧小区改造。\n责任单位：区住建局、区财政局、各街道\n"
                     "2.完善养老服务网络。\n责任单位：区民政局、区卫健委\n")
    guide = parse_bytes(text.encode("utf-8"), "rule.txt")
    assert _roles(guide) == {"1": (["区住建局"], ["区财政局", "各街道"]), "2": (["区民政局"], ["区卫健委"])}


def test_only_responsible_units_are_all_lead():
    text = HEADER + "一、重点任务\n1.推进老旧小区改造。\n责任单位：区住建局、区财政局\n"
    guide = parse_bytes(text.encode("utf-8"), "plain.txt")
    assert _roles(guide) == {"1": (["区住建局", "区财政局"], [])}


def test_traditional_characters_and_articles():
    text = ("某縣人民政府辦公室關於印發某縣2023年重點工作責任分工的通知\n某政辦發〔2023〕7號\n"
            "各鄉鎮人民政府，縣直各單位：\n現將《某縣2023年重點工作責任分工》印發給你們，請認真貫徹執行。\n"
            "某縣人民政府辦公室\n2023年3月1日\n"
            "第一條 推進產業升級，培育一批骨幹企業。\n牽頭單位：縣工信局\n配合單位：縣財政局、縣發改局\n"
            "第二條 穩定就業，全年新增就業崗位2000個。\n牽頭單位：縣人社局\n"
            "第三條 加強生態保護。一是推進河道治理；二是開展植樹造林。\n責任單位：縣生態環境局、縣林業局\n")
    guide = _parsed(text, "trad.txt")
    assert guide.document.doc_number == "某政辦發〔2023〕7號"
    assert guide.document.title == "某縣2023年重點工作責任分工"
    assert [t.path for t in guide.tasks] == [["第一条"], ["第二条"], ["第三条"]]
    assert _roles(guide) == {"第一条": (["縣工信局"], ["縣財政局", "縣發改局"]), "第二条": (["縣人社局"], []),
                             "第三条": (["縣生態環境局", "縣林業局"], [])}
    assert "二是開展植樹造林" in guide.tasks[2].text


def test_page_furniture_is_never_a_task():
    text = ("首页 > 政务公开 > 通知公告\n【字号：大 中 小】\n打印\n关闭\n" + HEADER +
            "一、重点任务\n- 1 -\n1.推进老旧小区改造。\n牵头单位：区住建局\n第 1 页 共 2 页\n"
            "2.完善养老服务网络。\n牵头单位：区民政局\n扫一扫在手机打开当前页\n")
    guide = parse_bytes(text.encode("utf-8"), "page.txt")
    assert _roles(guide) == {"1": (["区住建局"], []), "2": (["区民政局"], [])}
    assert all("页" not in t.text and "打印" not in t.text for t in guide.tasks)


def test_repeated_page_headers_and_index_tables_are_not_tasks():
    page_head = "某区人民政府门户网站"
    text = (page_head + "\n" + HEADER + "索引号  11110000MB0001/2024-00012\n主题分类  综合政务\n" +
            "一、重点任务\n1.推进老旧小区改造。\n牵头单位：区住建局\n" + page_head + "\n"
            "2.完善养老服务网络。\n牵头单位：区民政局\n" + page_head + "\n"
            "3.建设社区食堂。\n牵头单位：区商务局\n" + page_head + "\n")
    guide = parse_bytes(text.encode("utf-8"), "pages.txt")
    assert _roles(guide) == {"1": (["区住建局"], []), "2": (["区民政局"], []), "3": (["区商务局"], [])}
    assert all(page_head not in t.text for t in guide.tasks)


def test_a_name_broken_the_same_way_each_time_is_not_a_page_header():
    # a scrape breaking lines every few characters cuts a unit named three times into the same
    # pieces; the middle piece repeats like a page header but sits between the same words
    name = "区经济和信息化局中小企业服务中心"
    broken = name[:2] + "\n" + name[2:9] + "\n" + name[9:]
    items = ["推进老旧小区改造。", "完善养老服务网络。", "建设社区食堂。"]
    text = HEADER + "一、重点任务\n" + "".join(
        f"{i}.{item}\n牵头单位：区住建局\n配合单位：{broken}\n" for i, item in enumerate(items, 1))
    guide = parse_bytes(text.encode("utf-8"), "broken.txt")
    assert _roles(guide) == {str(i): (["区住建局"], [name]) for i in (1, 2, 3)}


def test_a_clause_repeated_on_lines_of_its_own_is_kept():
    # the same clause in three tasks, each time cut onto a line of its own, among other words
    items = [("推进老旧小区改造", "确保见效"), ("完善养老服务网络", "落实到位"), ("建设社区食堂", "及时总结")]
    text = HEADER + "一、重点任务\n" + "".join(
        f"{i}.{item}\n，年内分批推进\n，{tail}。\n牵头单位：区住建局\n"
        for i, (item, tail) in enumerate(items, 1))
    guide = parse_bytes(text.encode("utf-8"), "clause.txt")
    assert [t.text for t in guide.tasks] == [f"{item}，年内分批推进，{tail}。" for item, tail in items]


def test_a_bracket_of_units_may_close_any_sentence_of_an_item():
    # the units close the first sentence and another sentence follows (as in scrapes, where the
    # next sentence is glued on); two brackets in a row are both units
    text = HEADER + ("一、重点任务\n"
                     "1.推进老旧小区改造（区住建局牵头，区财政局配合）。做好居民沟通解释。\n"
                     "2.完善养老服务网络。（区民政局）（区卫健委）\n")
    guide = parse_bytes(text.encode("utf-8"), "brackets.txt")
    assert _roles(guide) == {"1": (["区住建局"], ["区财政局"]), "2": (["区民政局", "区卫健委"], [])}
    texts = {t.ref: t.text for t in guide.tasks}
    assert texts == {"1": "推进老旧小区改造。做好居民沟通解释。", "2": "完善养老服务网络。"}


# blocks-after-item layout: the block before a label belongs to the item before it
_ITEMS = [("1.", "推进老旧小区改造。", "区住建局"), ("2.（1）", "完善养老服务网络。", "区民政局"),
          ("（2）", "建设社区食堂。", "区商务局"), ("（3）", "扩大托育服务供给。", "区卫健委"),
          ("3.", "整治背街小巷环境。", "区城管委")]


def _atoms(items):
    """[block of the item before][label][text] per sentence, as a scrape cuts them; an item is
    (label, text, lead unit, supporting units…). Also the closing block."""
    out, block = [], ""
    for label, text, lead, *support in items:
        out.append(block + label + text)
        block = f"牵头单位：{lead}\n" + "".join(f"责任单位：{unit}\n" for unit in support)
    return out, block


def _expected(guide):
    return {t.ref: (t.text, [u.name for u in t.lead]) for t in guide.tasks}



def test_a_measure_opening_moved_after_its_sub_items():
    # `1.（1）` landed after its own `（2）（3）`: sub-items before any item number are out of order
    # (the heading before it is glued to it, as a scrape cuts only at `。`)
    atoms, last = _atoms([("一、重点任务1.（1）", "推进老旧小区改造。", "区住建局"), ("（2）", "完善养老服务网络。", "区民政局"),
                          ("（3）", "建设社区食堂。", "区商务局"), ("2.", "整治背街小巷环境。", "区城管委")])
    moved = atoms[1:3] + atoms[:1] + atoms[3:]
    guide = parse_bytes((HEADER + "\n".join(moved) + "\n" + last).encode("utf-8"), "moved.txt")
    assert _roles(guide) == {"1(1)": (["区住建局"], []), "1(2)": (["区民政局"], []),
                             "1(3)": (["区商务局"], []), "2": (["区城管委"], [])}
    assert [t.text for t in guide.tasks][:3] == ["推进老旧小区改造。", "完善养老服务网络。", "建设社区食堂。"]


def test_a_sentence_moved_to_the_end_is_cut_off_the_closing_block():
    # the last block has no `。`: `2.…` moved to the end is glued after it, with its own block
    atoms, last = _atoms([("一、重点任务\n1.", "推进老旧小区改造。", "区住建局", "区财政局"),
                          ("2.", "完善养老服务网络。", "区商务局", "各街道"), ("3.", "建设社区食堂。", "区民政局", "区卫健委")])
    guide = parse_bytes((HEADER + atoms[0] + "\n" + atoms[2] + "\n" + last + atoms[1]).encode("utf-8"), "end.txt")
    assert _roles(guide) == {"1": (["区住建局"], ["区财政局"]), "2": (["区商务局"], ["各街道"]),
                             "3": (["区民政局"], ["区卫健委"])}


def test_sub_items_left_behind_by_a_moved_item_opening_stay_with_their_measure():
    # `[block of 1(3)]2.（1）…` moved in front of `[block of 1(2)]（3）…`: the `（3）` left behind
    # before 2's block belongs to 1, and each block to the item before it in the clean text
    atoms, last = _atoms([("一、重点任务\n1.（1）", "推进老旧小区改造。", "区住建局"), ("（2）", "完善养老服务网络。", "区民政局"),
                          ("（3）", "建设社区食堂。", "区商务局"), ("2.（1）", "整治背街小巷环境。", "区城管委"),
                          ("3.", "开展垃圾分类宣传。", "区环保局")])
    moved = atoms[:2] + [atoms[3], atoms[2]] + atoms[4:]
    guide = parse_bytes((HEADER + "\n".join(moved) + "\n" + last).encode("utf-8"), "left.txt")
    assert _roles(guide) == {"1(1)": (["区住建局"], []), "1(2)": (["区民政局"], []), "1(3)": (["区商务局"], []),
                             "2(1)": (["区城管委"], []), "3": (["区环保局"], [])}
    assert guide.report.displaced == ["2(1)"]


def test_a_sentence_after_a_copied_item_out_of_place_follows_it_when_its_words_do():
    # `3.` rendered twice: between 1 and 2 (where 1 and 2 continue each other without it) and
    # after 5 with its second sentence; the later copy is kept, out of its place, and the
    # sentence after it shares its words, not those of 5 before it
    atoms, last = _atoms([("一、重点任务\n1.", "推进老旧小区改造。", "区住建局"), ("2.", "完善养老服务网络。", "区民政局"),
                          ("3.", "受疫情影响的企业可申请缓缴住房公积金。", "区公积金中心"), ("4.", "建设社区食堂。", "区商务局"),
                          ("5.", "整治背街小巷环境。", "区城管委"), ("6.", "推广垃圾分类。", "区城管委"),
                          ("7.", "开展消防安全检查。", "区应急局"), ("8.", "新建一批口袋公园。", "区园林绿化局")])
    s1, s2, s3, s4, s5, s6, s7, s8 = atoms
    own = "缓缴住房公积金期间，职工提取住房公积金不受影响。"
    scrape = [s1, s3, s2, s4, s5, s3, own, s7, s6, s8]
    guide = parse_bytes((HEADER + "\n".join(scrape) + "\n" + last).encode("utf-8"), "rendered.txt")
    texts = {t.ref: t.text for t in guide.tasks}
    assert texts["3"] == "受疫情影响的企业可申请缓缴住房公积金。" + own and texts["5"] == "整治背街小巷环境。"
    assert [t.ref for t in guide.tasks] == [str(n) for n in range(1, 9)]


def test_running_text_roles_lead_marks_and_separators():
    text = HEADER + ("一、扎实推进高质量发展\n"
                     "1.全区生产总值增长6%左右。由区发展改革委牵头,区统计局、区财政局配合。\n"
                     "2.规模以上工业增加值增长7%。责任单位:区工信局(牵头)、区科技局、各街道\n"
                     "3.一般公共预算收入增长5%。\n牵头单位:区财政局;配合单位:区税务局\n完成时限:2024年12月底\n")
    guide = parse_bytes(text.encode("utf-8"), "variants.txt")
    assert _roles(guide) == {"1": (["区发展改革委"], ["区统计局", "区财政局"]),
                             "2": (["区工信局"], ["区科技局", "各街道"]),
                             "3": (["区财政局"], ["区税务局"])}
    texts = {t.ref: t.text for t in guide.tasks}
    assert texts["1"] == "全区生产总值增长6%左右。"
    assert texts["3"] == "一般公共预算收入增长5%。"
    assert guide.tasks[2].deadlines[-1].date == "2024-12-31"


def test_numbering_per_section_is_not_disorder():
    text = ("某区2024年重点工作任务分工方案\n一、稳增长\n1.推动重点项目开工建设。\n牵头单位：区发改局\n"
            "2.扩大有效投资。\n牵头单位：区财政局\n二、惠民生\n1.新增城镇就业岗位。\n牵头单位：区人社局\n"
            "2.完善养老服务网络。\n牵头单位：区民政局\n")
    guide = parse_bytes(text.encode("utf-8"), "sections.txt")
    assert [(t.ref, t.lead[0].name) for t in guide.tasks] == [
        ("一1", "区发改局"), ("一2", "区财政局"), ("二1", "区人社局"), ("二2", "区民政局")]
    assert guide.report.displaced == [] and guide.report.gaps == []


def test_copy_glued_to_the_last_block_is_still_a_copy():
    atoms, last = _atoms(_ITEMS)
    clean = parse_bytes((HEADER + "一、重点任务\n" + "\n".join(atoms) + "\n" + last).encode("utf-8"), "clean.txt")
    glued = HEADER + "一、重点任务\n" + "\n".join(atoms) + "\n" + last + atoms[2]  # a copy of `(2)` after the end
    guide = parse_bytes(glued.encode("utf-8"), "glued.txt")
    assert _expected(guide) == _expected(clean)
    assert guide.report.duplicates_removed == 1


def test_item_moved_into_the_sub_items_before_it_goes_back():
    atoms, last = _atoms(_ITEMS)
    moved = atoms[:2] + [atoms[4]] + atoms[2:4]  # `3.` lands between `2.(1)` and `(2)`
    text = HEADER + "一、重点任务\n" + "\n".join(moved) + "\n" + last
    guide = parse_bytes(text.encode("utf-8"), "moved.txt")
    clean = parse_bytes((HEADER + "一、重点任务\n" + "\n".join(atoms) + "\n" + last).encode("utf-8"), "clean.txt")
    assert _expected(guide) == _expected(clean)
    assert guide.report.displaced == ["3"]


def test_phones_with_an_area_code_and_a_leader_who_is_no_unit():
    # `0571-82345678` then the next item on a new line: the item number is not part of the
    # phone; `（0571）` in front is an area code; 责任领导 names a person
    text = ("2024年某区重点工作任务清单\n一、稳增长\n1.全年新增市场主体3000户。\n责任领导：王某（副区长）\n"
            "牵头单位：区市场监管局\n责任单位：各镇街\n联系电话：0571-82345678\n"
            "2.新改建口袋公园5个。\n责任领导：李某（副区长）\n牵头单位：区园林局\n联系电话：（0571）82345679\n"
            "3.完成老旧管网改造20公里。\n牵头单位：区住建局\n联系电话：0571-82345670、82345671\n")
    guide = _parsed(text, "area.txt")
    assert [t.ref for t in guide.tasks] == ["1", "2", "3"]
    assert _roles(guide) == {"1": (["区市场监管局"], ["各镇街"]), "2": (["区园林局"], []), "3": (["区住建局"], [])}
    phones = {t.ref: [p for u in t.lead + t.support for p in u.phones] for t in guide.tasks}
    assert phones == {"1": ["057182345678"], "2": ["057182345679"], "3": ["057182345670", "82345671"]}
    assert all("电话" not in t.text and "王某" not in t.text for t in guide.tasks)


def test_a_lead_written_on_the_heading_leads_every_task_below_it():
    text = ("关于印发《某区创建文明城区任务分解表》的通知\n各街道、各部门：\n现将任务分解表印发给你们，请抓好落实。\n"
            "某区文明办\n2023年5月10日\n"
            "一、市容秩序（牵头单位：区城管局）\n1.规范店外经营，主干道无占道摊点。责任单位：各街道\n"
            "2.整治共享单车乱停放。责任单位：区交警大队、各街道\n"
            "二、小区环境（牵头单位：区住建局）\n3.楼道内无堆放杂物。责任单位：各街道、区住建局\n")
    guide = _parsed(text, "heading.txt")
    assert _roles(guide) == {"1": (["区城管局"], ["各街道"]), "2": (["区城管局"], ["区交警大队", "各街道"]),
                             "3": (["区住建局"], ["各街道"])}
    assert guide.document.issuer == "某区文明办" and guide.document.date == "2023-05-10"


def test_labels_written_as_one_character():
    # `㈠` for （一）, `⑴` for （1）, `⒉` for 2.: each read as the label it stands for, and the
    # text's spans still point into the input as written
    text = ("某区2024年惠民实事任务分解\n㈠ 教育\n⒈新建公办幼儿园2所。（区教育局牵头，区住建局配合）\n"
            "⒉为65岁以上老年人免费体检。\n⑴完成体检不少于2万人。\n牵头单位：区卫健委\n"
            "⑵建立老年人健康档案。\n牵头单位：区卫健委\n配合单位：各街道\n")
    guide = _parsed(text, "enclosed.txt")
    assert _roles(guide) == {"1": (["区教育局"], ["区住建局"]), "2(1)": (["区卫健委"], []),
                             "2(2)": (["区卫健委"], ["各街道"])}
    assert [h.path for h in guide.outline] == [["(一)"], ["(一)", "2"]]
    for t in guide.tasks:
        (a, b), = t.spans
        assert text[a:b].startswith(t.text[:4])


def test_a_markdown_table():
    text = ("某区2024年民生实事清单\n"
            "| 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |\n| --- | --- | --- | :---: | --- |\n"
            "| 1 | 改造老旧小区30个 | 区住建局 | 各街道 | 2024年10月底 |\n"
            "| 2 | 新增停车泊位2000个 | 区交通局 | 区城管局、各街道 | 2024年12月底 |\n")
    guide = _parsed(text, "table.md")
    assert _roles(guide) == {"1": (["区住建局"], ["各街道"]), "2": (["区交通局"], ["区城管局", "各街道"])}
    assert [t.text for t in guide.tasks] == ["改造老旧小区30个。", "新增停车泊位2000个。"]
    assert guide.tasks[1].deadlines[0].date == "2024-12-31"


def test_the_first_is_lead_rule_stated_after_the_first_list():
    # `（排在第一位的为牵头单位，下同）` closes the first unit list: it is no part of a name and the
    # rule holds for that list too
    text = HEADER + ("一、开拓市场\n1.组织企业参加境外展会，对展位费给予补助。责任单位：区商务局、区财政局，"
                     "各街道（排在第一位的为牵头单位，下同）\n2.扩大出口信用保险覆盖面。责任单位：区商务局、区金融办\n"
                     "3.落实出口退税政策。责任单位：区税务局\n")
    guide = _parsed(text, "rule.txt")
    assert _roles(guide) == {"1": (["区商务局"], ["区财政局", "各街道"]), "2": (["区商务局"], ["区金融办"]),
                             "3": (["区税务局"], [])}
    # a note saying how the listed units share the work is no part of a name either
    guide = _parsed(HEADER + "一、减负\n1.落实减税降费政策。责任单位：区税务局、区财政局（按职责分工负责）\n"
                    "2.推进机关效能建设。牵头单位：区委办（区政府办）、区委组织部\n", "note.txt")
    assert _roles(guide) == {"1": (["区税务局", "区财政局"], []), "2": (["区委办（区政府办）", "区委组织部"], [])}


def test_a_ledger_exported_as_labelled_records():
    text = ("某区优化营商环境措施任务清单\n\n序号：1\n任务内容：推行证照分离改革全覆盖。\n牵头单位：区市场监管局\n"
            "配合单位：区政务服务中心\n完成时间：2024年6月\n\n序号：2\n任务内容：开展涉企收费专项检查，\n"
            "重点查处违规收费。\n牵头单位：区发改局\n配合单位：区财政局、区市场监管局\n完成时间：2024年9月\n\n"
            "序号：3\n任务内容：建立企业诉求接诉即办机制。\n牵头单位：区政务服务中心\n完成时间：长期坚持\n")
    guide = _parsed(text, "records.txt")
    assert _roles(guide) == {"1": (["区市场监管局"], ["区政务服务中心"]),
                             "2": (["区发改局"], ["区财政局", "区市场监管局"]), "3": (["区政务服务中心"], [])}
    assert guide.tasks[1].text == "开展涉企收费专项检查，重点查处违规收费。"
    assert [d.date for t in guide.tasks[:2] for d in t.deadlines] == ["2024-06-30", "2024-09-30"]


def test_offices_of_a_street_named_as_sections():
    # a street office's own list: 责任科室 / 配合科室, with the people in charge on the same line
    text = ("某街道2024年度重点工作责任清单\n（一）党建引领\n1. 开展红色物业创建，年内覆盖八成小区。\n"
            "责任科室：党建办 责任人：张某 分管领导：李某\n2. 建设党群服务站点3个。\n责任科室：党建办、社区办\n"
            "（二）城市治理\n3. 完成背街小巷整治12条。\n责任科室：城管办 配合科室：平安办\n")
    guide = _parsed(text, "street.txt")
    assert _roles(guide) == {"1": (["党建办"], []), "2": (["党建办", "社区办"], []), "3": (["城管办"], ["平安办"])}
    assert all("张某" not in t.text and "科室" not in t.text for t in guide.tasks)


def test_units_in_square_brackets_and_a_title_ending_in_a_table_word():
    text = ("某县2024年稳经济政策措施推进责任表\n一、财政政策（2项）\n（一）加快留抵退税进度，9月底前完成退付。"
            "【县税务局牵头，县财政局、人民银行某县支行配合】\n（二）加快专项债券发行使用。【县财政局、县发改局按职责分工负责】\n"
            "二、金融政策（1项）\n（三）鼓励银行对小微企业贷款延期还本付息。【人民银行某县支行牵头，县金融办配合】\n")
    guide = _parsed(text, "square.txt")
    assert _roles(guide) == {"一(一)": (["县税务局"], ["县财政局", "人民银行某县支行"]),
                             "一(二)": (["县财政局", "县发改局"], []),
                             "二(三)": (["人民银行某县支行"], ["县金融办"])}
    assert guide.tasks[0].text == "加快留抵退税进度，9月底前完成退付。"
    assert guide.document.title == "某县2024年稳经济政策措施推进责任表"
    assert guide.tasks[0].deadlines[0].date == "2024-09-30"


def test_a_table_copied_one_cell_a_line():
    # a task cell broken over two lines; the last row's empty support cell left out
    text = ("某区2024年为民办实事项目责任分工表\n序号\n项目名称\n牵头单位\n配合单位\n完成时限\n"
            "1\n新建社区食堂10家\n区民政局\n各街道\n2024年9月底前\n"
            "2\n改造老旧燃气管网\n30公里\n区城管委\n区住建委、区燃气公司\n2024年11月底前\n"
            "3\n新增公共充电桩500个\n区发改委\n")
    guide = _parsed(text, "cells.txt")
    assert _roles(guide) == {"1": (["区民政局"], ["各街道"]), "2": (["区城管委"], ["区住建委", "区燃气公司"]),
                             "3": (["区发改委"], [])}
    assert guide.tasks[1].text == "改造老旧燃气管网30公里。"
    assert guide.tasks[1].deadlines[0].date == "2024-11-30"


def test_deadlines_written_as_ranges_quarters_ten_day_spans_and_within_the_year():
    text = ("某区2024年重点任务分工\n"
            "1.推进老旧小区改造，2024年6月至2025年6月分两批实施。牵头单位：区住建局\n"
            "2.实施城市更新三年行动，2024—2025年持续推进。牵头单位：区发改局\n"
            "3.三季度末前建成区级数据中心。牵头单位：区数据局\n"
            "4.9月中旬前完成秋季开学准备。牵头单位：区教育局\n"
            "5.年内新增城镇就业3000人，三年内实现全覆盖。牵头单位：区人社局\n"
            "6.第三季度召开项目推进会。牵头单位：区政府办\n")
    guide = _parsed(text, "deadlines.txt")
    dates = {t.ref: [d.date for d in t.deadlines] for t in guide.tasks}
    assert dates == {"1": ["2025-06-30"], "2": ["2025-12-31"], "3": ["2024-09-30"], "4": ["2024-09-20"],
                     "5": ["2024-12-31"], "6": []}


def test_an_item_opening_with_a_date_even_glued_to_a_phone():
    # `2.2024年底前…` and `…691469283.9月底前…`: the item numbers, not decimals or phone digits
    text = ("某区2024年重点任务分工\n1.推进老旧小区改造，增长4.5%。牵头单位：区住建局\n联系电话：69146927\n"
            "2.2024年底前建成数据中心。牵头单位：区数据局联系电话：691469283.9月底前完成开学准备。牵头单位：区教育局\n")
    guide = _parsed(text, "dates.txt")
    assert [(t.ref, t.text) for t in guide.tasks] == [
        ("1", "推进老旧小区改造，增长4.5%。"), ("2", "2024年底前建成数据中心。"), ("3", "9月底前完成开学准备。")]
    assert [u.phones for t in guide.tasks[:2] for u in t.lead] == [["69146927"], ["69146928"]]


def test_roles_stated_with_wei_or_shi_in_the_last_sentence():
    text = ("某区2024年民生工作任务分工\n1.新建社区卫生服务站2个。牵头单位为区卫健委，配合单位为区住建局、各街道。\n"
            "2.提高城乡低保标准。区民政局为牵头单位，区财政局为配合单位。\n"
            "3.完成农村公路提档升级50公里。责任单位是区交通局。\n"
            "4.明确牵头单位为责任主体，建立工作台账。牵头单位：区政府办\n")
    guide = _parsed(text, "wei.txt")
    assert _roles(guide) == {"1": (["区卫健委"], ["区住建局", "各街道"]), "2": (["区民政局"], ["区财政局"]),
                             "3": (["区交通局"], []), "4": (["区政府办"], [])}
    assert [t.text for t in guide.tasks][:3] == ["新建社区卫生服务站2个。", "提高城乡低保标准。", "完成农村公路提档升级50公里。"]
    assert guide.tasks[3].text == "明确牵头单位为责任主体，建立工作台账。"


def test_a_signature_closing_the_document_is_no_unit():
    text = ("某开发区管委会关于印发2024年招商引资工作任务分解的通知\n各部门、各园区：\n现将任务分解如下，请认真落实。\n"
            "一、招商目标\n（一）全年引进亿元以上项目30个。\n责任部门：招商局\n"
            "（二）建立项目服务专员制度。\n责任部门：营商环境办公室\n配合部门：各园区管理办公室\n"
            "某开发区管委会\n2024年1月15日\n（此件公开发布）\n")
    guide = _parsed(text, "signed.txt")
    assert _roles(guide) == {"一(一)": (["招商局"], []), "一(二)": (["营商环境办公室"], ["各园区管理办公室"])}
    assert guide.document.issuer == "某开发区管委会" and guide.document.date == "2024-01-15"


def test_table_sections_in_a_category_column_or_a_row_across_the_table():
    rows = ("<tr><th>类别</th><th>序号</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th></tr>"
            "<tr><td rowspan=\"2\">政务服务</td><td>1</td><td>推行高效办成一件事</td><td>区政务服务局</td><td>区有关部门</td></tr>"
            "<tr><td>2</td><td>压缩企业开办时间</td><td>区市场监管局</td><td>区税务局</td></tr>"
            "<tr><td>要素保障</td><td>3</td><td>保障重点项目用地</td><td>区自然资源局</td><td></td></tr>")
    guide = _parsed_page(f"<table>{rows}</table>", "category.html")
    assert [(h.path, h.title) for h in guide.outline] == [(["一"], "政务服务"), (["二"], "要素保障")]
    assert [(t.path, t.text) for t in guide.tasks] == [(["一", "1"], "推行高效办成一件事。"),
                                                      (["一", "2"], "压缩企业开办时间。"),
                                                      (["二", "3"], "保障重点项目用地。")]
    across = ("<tr><th>序号</th><th>工作任务</th><th>牵头单位</th></tr><tr><td colspan=\"3\">政务服务</td></tr>"
              "<tr><td>1</td><td>推行高效办成一件事</td><td>区政务服务局</td></tr>"
              "<tr><td colspan=\"3\">要素保障</td></tr><tr><td>2</td><td>保障重点项目用地</td><td>区自然资源局</td></tr>")
    guide = _parsed_page(f"<table>{across}</table>", "across.html")
    assert [h.title for h in guide.outline] == ["政务服务", "要素保障"]
    assert [t.text for t in guide.tasks] == ["推行高效办成一件事。", "保障重点项目用地。"]


def test_page_headings_left_unnumbered_are_sections():
    body = ("<h2>某区2024年重点工作任务清单</h2><h3>稳增长</h3><p>1.全年地区生产总值增长6%左右。</p>"
            "<p>牵头单位：区发改局</p><p>2.固定资产投资增长8%。</p><p>牵头单位：区发改局</p><p>配合单位：区住建局</p>"
            "<h3>惠民生</h3><p>3.新增城镇就业5000人。</p><p>牵头单位：区人社局</p>")
    guide = _parsed(f"<html><body>{body}</body></html>", "headings.html")
    assert [(h.path, h.title) for h in guide.outline] == [(["一"], "稳增长"), (["二"], "惠民生")]
    assert [t.text for t in guide.tasks] == ["全年地区生产总值增长6%左右。", "固定资产投资增长8%。", "新增城镇就业5000人。"]
    assert _roles(guide)["2"] == (["区发改局"], ["区住建局"])
    assert guide.document.title == "某区2024年重点工作任务清单"


def test_docx_headings_in_heading_styles_without_numbers_are_sections():
    import docx
    document = docx.Document()
    document.add_heading("某区2024年重点工作任务清单", level=1)
    for title, items in (("稳增长", [("1.全年地区生产总值增长6%左右。", "区发改局"), ("2.固定资产投资增长8%。", "区财政局")]),
                         ("惠民生", [("3.新增城镇就业5000人。", "区人社局")])):
        document.add_heading(title, level=2)
        for text, lead in items:
            document.add_paragraph(text)
            document.add_paragraph(f"牵头单位：{lead}")
    buf = io.BytesIO()
    document.save(buf)
    guide = parse_bytes(buf.getvalue(), "styled.docx")
    validate(guide.to_dict())
    assert [(h.path, h.title) for h in guide.outline] == [(["一"], "稳增长"), (["二"], "惠民生")]
    assert [(t.path, t.text, [u.name for u in t.lead]) for t in guide.tasks] == [
        (["一", "1"], "全年地区生产总值增长6%左右。", ["区发改局"]), (["一", "2"], "固定资产投资增长8%。", ["区财政局"]),
        (["二", "3"], "新增城镇就业5000人。", ["区人社局"])]
    assert guide.document.title == "某区2024年重点工作任务清单"


def test_section_headings_without_numbers_in_plain_text():
    # copied out of a styled page: the section titles on lines of their own, no 一、
    text = ("某区2024年重点工作任务清单\n稳增长\n1.全年地区生产总值增长6%左右。\n牵头单位：区发改局\n"
            "2.固定资产投资增长8%。\n牵头单位：区发改局\n配合单位：区住建局\n惠民生\n3.新增城镇就业5000人。\n"
            "牵头单位：区人社局\n联系电话：69146927\n优环境\n4.新增市场主体3000户。\n牵头单位：区市场监管局\n")
    guide = _parsed(text, "bare.txt")
    assert [(h.path, h.title) for h in guide.outline] == [(["一"], "稳增长"), (["二"], "惠民生"), (["三"], "优环境")]
    assert _roles(guide) == {"1": (["区发改局"], []), "2": (["区发改局"], ["区住建局"]), "3": (["区人社局"], []),
                             "4": (["区市场监管局"], [])}
    assert guide.document.title == "某区2024年重点工作任务清单"
    # one such line is no evidence of sections (a unit or a phrase on a line of its own)
    once = text.replace("惠民生\n", "").replace("优环境\n", "")
    assert [h.title for h in _parsed(once, "once.txt").outline] == []


def test_a_measures_own_block_its_items_do_not_take_is_reported():
    # each sub-item names its own lead: the measure's block goes to none of them, and the report
    # says so instead of dropping it
    text = HEADER + ("一、重点任务\n1.推进城市更新。牵头单位：区住建局\n（1）改造老旧小区30个。牵头单位：区房管局\n"
                     "（2）整治背街小巷20条。牵头单位：区城管委\n2.新增停车泊位。牵头单位：区交通局\n")
    guide = _parsed(text, "measure.txt")
    assert _roles(guide) == {"1(1)": (["区房管局"], []), "1(2)": (["区城管委"], []), "2": (["区交通局"], [])}
    assert guide.report.unattached == ["牵头单位：区住建局"]


def test_the_first_unit_of_a_responsible_list_marked_as_lead_and_a_block_line_closed_by_a_stop():
    text = HEADER + ("一、优化政务服务\n"
                     "（一）推行开办企业一日办结。（责任单位：区市场监管局牵头，区公安分局、区税务局配合）\n"
                     "（二）压减工程项目审批时间。（责任单位：区住建委牵头，区规划分局按职责分工负责）\n"
                     "（三）新增停车泊位500个。（责任单位：区城管委牵头）\n"
                     "二、办好民生实事\n（四）新建社区食堂3家。\n牵头单位：区民政局；配合单位：区财政局、各街道。\n"
                     "完成时限：2024年9月底\n")
    guide = _parsed(text, "lead_marked.txt")
    assert list(_roles(guide).values()) == [(["区市场监管局"], ["区公安分局", "区税务局"]),
                                            (["区住建委"], ["区规划分局"]), (["区城管委"], []),
                                            (["区民政局"], ["区财政局", "各街道"])]
    assert guide.tasks[-1].text == "新建社区食堂3家。"


def test_a_ledger_with_two_task_columns_section_role_columns_and_a_notes_column():
    # `重点任务` and `具体措施` are both the task's text; a street's 责任科室 / 配合科室 are its
    # role columns; a 备注 column is read past (its words are no part of the task)
    rows = [["序号", "重点任务", "具体措施", "责任科室", "配合科室", "完成时限", "备注"],
            ["1", "排查矛盾纠纷", "每月排查一次，建立台账。", "平安办", "司法所、各社区", "每月", "任务来源于区委文件"],
            ["2", "加强消防检查", "检查沿街商铺，整改隐患", "应急办", "城管科", "2024年6月底", ""]]
    text = "某街道2024年平安建设任务清单\n" + "\n".join("\t".join(row) for row in rows) + "\n"
    guide = _parsed(text, "street_sheet.txt")
    assert _roles(guide) == {"1": (["平安办"], ["司法所", "各社区"]), "2": (["应急办"], ["城管科"])}
    assert [t.text for t in guide.tasks] == ["排查矛盾纠纷。每月排查一次，建立台账。", "加强消防检查。检查沿街商铺，整改隐患。"]
    assert [d.date for d in guide.tasks[1].deadlines] == ["2024-06-30"]


def test_the_first_is_lead_rule_as_a_clause_of_the_list_and_a_phone_with_an_extension():
    text = ("某区促进消费任务清单\n1.发放消费券。（责任单位：区商务局、区财政局、区税务局，排名第一的为牵头单位）\n"
            "2.延长公交运营时间。（牵头单位：区交通局，联系电话：56782345-801）\n")
    guide = _parsed(text, "rule_clause.txt")
    assert _roles(guide) == {"1": (["区商务局"], ["区财政局", "区税务局"]), "2": (["区交通局"], [])}
    assert guide.tasks[1].lead[0].phones == ["56782345"]


def test_more_deadline_labels_a_unit_cell_saying_none_and_a_contact_in_brackets():
    text = ("某区2024年营商环境任务分解表\n1.推行一件事一次办。\n牵头单位：区政务服务中心（联系人：张某，电话：66778899）\n"
            "配合单位：无\n完成期限：2024年上半年\n2.开展涉企收费检查。\n牵头单位：区市场监管局\n配合单位：区发改局\n"
            "时间要求：2024年第三季度\n3.建立诉求响应机制。\n牵头单位：区工商联\n时限：年底前\n")
    guide = _parsed(text, "labels.txt")
    assert _roles(guide) == {"1": (["区政务服务中心"], []), "2": (["区市场监管局"], ["区发改局"]), "3": (["区工商联"], [])}
    assert [t.text for t in guide.tasks] == ["推行一件事一次办。", "开展涉企收费检查。", "建立诉求响应机制。"]
    assert guide.tasks[0].lead[0].phones == ["66778899"]
    assert [[d.date for d in t.deadlines] for t in guide.tasks] == [["2024-06-30"], ["2024-09-30"], ["2024-12-31"]]


def test_a_contact_persons_phone_at_the_end_of_a_line_before_the_next_item():
    # lines joined, the number runs into the next item's (`王某876512342.…`): the item keeps its text
    text = ("某区支持中小企业发展措施责任分工\n1.落实增值税减免政策。\n责任单位：区税务局（牵头）、区财政局\n"
            "联系人及电话：王某 87651234\n2.对困难企业缓缴社会保险费。\n责任单位：区人社局\n")
    guide = _parsed(text, "person_phone.txt")
    assert [t.text for t in guide.tasks] == ["落实增值税减免政策。", "对困难企业缓缴社会保险费。"]
    assert "87651234" in guide.tasks[0].lead[0].phones and guide.tasks[1].lead[0].name == "区人社局"


def test_a_document_number_printed_under_the_issuers_name():
    text = ("某县人民政府办公室\n某政办〔2024〕21号\n某县人民政府办公室关于印发某县2024年为民办实事项目实施方案的通知\n"
            "各乡镇人民政府：\n现将方案印发给你们。\n某县人民政府办公室\n二〇二四年三月五日\n某县2024年为民办实事项目实施方案\n"
            "（1）新建农村公路50公里。责任单位：县交通运输局。\n（2）提高基础养老金。责任单位：县人社局（牵头），县财政局。\n")
    guide = _parsed(text, "letterhead.txt")
    assert (guide.document.doc_number, guide.document.date) == ("某政办〔2024〕21号", "2024-03-05")
    assert _roles(guide) == {"(1)": (["县交通运输局"], []), "(2)": (["县人社局"], ["县财政局"])}


def test_units_one_a_line_part_before_each_but_not_inside_a_name():
    # a line break parts two units only before `各` (no name goes on with it, save the bodies
    # under an organ: `区政府各部门`); elsewhere it may fall anywhere in a name
    text = ("某镇2024年重点工作任务分解\n1.完成固定资产投资5亿元\n牵头单位：\n镇经发办\n配合单位：\n镇财政所\n各村（社区）\n"
            "2.做好用地保障。\n牵头单位：区城市管理委\n市容环境科\n配合单位：区政府\n各部门\n")
    guide = _parsed(text, "one_a_line.txt")
    assert _roles(guide) == {"1": (["镇经发办"], ["镇财政所", "各村（社区）"]),
                             "2": (["区城市管理委市容环境科"], ["区政府各部门"])}


def test_role_words_in_square_brackets_with_a_kind_note_or_with_the_phone_after_the_names():
    text = ("某区2024年营商环境重点任务清单\n1.推进证照分离改革。【牵头单位】区市场监管局【配合单位】区行政审批局\n"
            "2.压缩不动产登记时间。\n责任单位及联系电话：区不动产登记中心 66001234\n"
            "3.推行惠企政策免申即享。\n牵头部门（单位）：区发改委\n配合部门（单位）：区财政局、区工信局\n")
    guide = _parsed(text, "role_forms.txt")
    assert _roles(guide) == {"1": (["区市场监管局"], ["区行政审批局"]), "2": (["区不动产登记中心"], []),
                             "3": (["区发改委"], ["区财政局", "区工信局"])}
    assert guide.tasks[1].lead[0].phones == ["66001234"]
    assert [t.text for t in guide.tasks] == ["推进证照分离改革。", "压缩不动产登记时间。", "推行惠企政策免申即享。"]


def test_items_numbered_with_decimals_under_bare_measure_numbers():
    text = ("某区数字经济重点任务分工\n1 夯实数字基础设施\n1.1 新建5G基站300个，覆盖重点区域。\n牵头单位：区经信局\n"
            "配合单位：区住建局\n1.2 推进千兆光网进小区。\n牵头单位：区经信局\n2 推动产业数字化\n"
            "2.1 培育示范企业10家，每家补助\n1.5万元。\n牵头单位：区工信局\n")
    guide = _parsed(text, "decimals.txt")
    assert [(t.ref, t.path) for t in guide.tasks] == [("1.1", ["1", "1.1"]), ("1.2", ["1", "1.2"]), ("2.1", ["2", "2.1"])]
    assert _roles(guide) == {"1.1": (["区经信局"], ["区住建局"]), "1.2": (["区经信局"], []), "2.1": (["区工信局"], [])}
    assert guide.tasks[2].text == "培育示范企业10家，每家补助1.5万元。"  # a decimal amount on its own line is no item
    assert [(h.path, h.title) for h in guide.outline] == [(["1"], "夯实数字基础设施"), (["2"], "推动产业数字化")]
    sheet = "某区数字经济任务表\n" + "\n".join("\t".join(row) for row in [
        ["序号", "重点任务", "牵头单位"], ["1.1", "新建5G基站", "区经信局"], ["1.2", "推进千兆光网", "区经信局"],
        ["2.1", "培育示范企业", "区工信局"]]) + "\n"
    assert [t.ref for t in _parsed(sheet, "decimals_sheet.txt").tasks] == ["1.1", "1.2", "2.1"]


def test_a_notices_list_of_attachments_and_an_attachments_heading_after_the_tasks():
    # `附件：1.…` / `2.…` in the notice lists attachments, no items; `附件2` on a line of its own
    # after the tasks ends them (the contact list is no part of the last unit's name)
    text = ("某市人民政府办公室关于印发某市安全生产工作要点任务分工的通知\n某政办函〔2024〕8号\n市政府各部门：\n"
            "现将任务分工印发给你们，请认真落实。\n附件：1.某市安全生产工作要点任务分工\n2.各单位联络员名单\n"
            "某市人民政府办公室\n2024年1月15日\n附件1\n某市安全生产工作要点任务分工\n一、压实安全责任\n"
            "1.落实安全生产责任制。牵头单位：市应急局；配合单位：市委组织部\n2.推进燃气安全整治。牵头单位：市住建局\n"
            "附件2\n各单位联络员名单\n市住建局 李某 66002222\n")
    guide = _parsed(text, "attachments.txt")
    assert _roles(guide) == {"1": (["市应急局"], ["市委组织部"]), "2": (["市住建局"], [])}
    assert guide.tasks[1].lead[0].phones == []
    assert (guide.document.date, guide.document.issuer) == ("2024-01-15", "某市人民政府办公室")


def test_running_text_units_opened_by_hui_tong_or_you():
    text = ("某区2024年重点工作任务分工\n1.推进重大项目建设。由区发改委负责，区财政局、区自然资源局协助。\n"
            "2.优化营商环境。区营商环境建设局牵头，会同区市场监管局等部门落实。\n3.提升教育质量。区教委主责，区财政局配合。\n")
    guide = _parsed(text, "hui_tong.txt")
    assert _roles(guide) == {"1": (["区发改委"], ["区财政局", "区自然资源局"]),
                             "2": (["区营商环境建设局"], ["区市场监管局"]), "3": (["区教委"], ["区财政局"])}
    assert [t.text for t in guide.tasks] == ["推进重大项目建设。", "优化营商环境。", "提升教育质量。"]


def test_a_pages_publishing_date_and_footer_are_not_the_documents():
    page = ("<html><body><div>发布时间：2024-03-01 来源：区政府办 浏览次数：123</div>"
            "<p>关于印发某区2024年营商环境工作方案的通知</p><p>某政办发〔2024〕5号</p><p>区政府各部门：</p>"
            "<p>现将方案印发给你们。</p><p>某区人民政府办公室</p><p>2024年2月28日</p><p>某区2024年营商环境工作方案</p>"
            "<p>1.开展公平竞争审查。牵头单位：区市场监管局；配合单位：区司法局</p>"
            "<div>主办：某区人民政府办公室 地址：某路1号 电话：12345678</div><div>网站标识码：1234567890 京ICP备12345678号</div>"
            "</body></html>")
    guide = parse_bytes(page.encode("utf-8"), "page.html")
    validate(guide.to_dict())
    assert guide.document.date == "2024-02-28"
    assert [t.text for t in guide.tasks] == ["开展公平竞争审查。"]
    assert _roles(guide) == {"1": (["区市场监管局"], ["区司法局"])}
    assert all(u.phones == [] for u in guide.tasks[0].lead + guide.tasks[0].support)


def test_a_list_of_policies_for_businesses_names_whom_to_ask():
    # 政策名称 / 政策内容 / 受理部门 / 咨询电话: the office that takes the application is the unit
    sheet = "某区2024年惠企政策汇编\n" + "\n".join("\t".join(row) for row in [
        ["序号", "政策名称", "政策内容", "受理部门", "咨询电话"],
        ["1", "首次升规奖励", "对首次纳入规模以上统计的工业企业奖励10万元。", "区经信局", "66001234"],
        ["2", "稳岗返还", "对不裁员的企业返还失业保险费。", "区人社局", "66005678"]]) + "\n"
    guide = _parsed(sheet, "policies.txt")
    assert guide.document.title == "某区2024年惠企政策汇编"
    assert [(t.text, t.lead[0].name, t.lead[0].phones) for t in guide.tasks] == [
        ("首次升规奖励。对首次纳入规模以上统计的工业企业奖励10万元。", "区经信局", ["66001234"]),
        ("稳岗返还。对不裁员的企业返还失业保险费。", "区人社局", ["66005678"])]
    text = "某区2024年惠企政策汇编\n1.首次升规奖励。\n受理部门：区经信局\n咨询电话：66001234\n2.稳岗返还。\n主管部门：区人社局\n"
    assert _roles(_parsed(text, "policies_text.txt")) == {"1": (["区经信局"], []), "2": (["区人社局"], [])}


def test_the_colophon_under_the_tasks_is_no_part_of_the_last_one():
    text = ("某区2024年民生实事任务分工\n1.新建社区养老服务驿站10个。\n牵头单位：区民政局\n2.改造老旧小区20个。\n"
            "牵头单位：区住房城乡建设委\n配合单位：区财政局\n抄送：区委各部门，区人大常委会办公室，\n区政协办公室。\n"
            "某区人民政府办公室                 2024年3月6日印发\n")
    guide = _parsed(text, "colophon.txt")
    assert _roles(guide) == {"1": (["区民政局"], []), "2": (["区住房城乡建设委"], ["区财政局"])}
    assert guide.tasks[1].text == "改造老旧小区20个。"


def test_units_joined_by_he_or_ji_are_two_but_names_with_he_are_one():
    text = ("某区2024年重点任务\n1.加强财源建设。\n牵头单位：区财政局\n配合单位：区税务局和区发改委\n"
            "2.推进税收共治。\n牵头单位：区住房和城乡建设委\n配合单位：区市场监管局及各街道办事处\n")
    guide = _parsed(text, "conjunctions.txt")
    assert _roles(guide) == {"1": (["区财政局"], ["区税务局", "区发改委"]),
                             "2": (["区住房和城乡建设委"], ["区市场监管局", "各街道办事处"])}


def test_a_note_on_a_units_duty_is_no_part_of_its_name_nor_the_next_blocks_scope():
    text = ("某区2024年重点任务\n1.推进项目审批提速。\n牵头单位：区发改委（负责立项审批）、区规划分局（负责规划许可）\n"
            "配合单位：区住建委\n2.做好防汛准备。\n牵头单位：区水务局（区防汛办）\n")
    guide = _parsed(text, "duty_notes.txt")
    assert _roles(guide) == {"1": (["区发改委", "区规划分局"], ["区住建委"]), "2": (["区水务局（区防汛办）"], [])}
    assert guide.tasks[0].support[0].scope is None


def test_a_labelled_list_in_square_brackets_before_the_tasks_text():
    text = ("某区2024年重点任务\n1.（牵头单位：区发改委；配合单位：区财政局）推进重大项目前期工作。\n"
            "2.【责任单位：区教委】新建幼儿园3所。\n")
    guide = _parsed(text, "square_list.txt")
    assert _roles(guide) == {"1": (["区发改委"], ["区财政局"]), "2": (["区教委"], [])}
    assert [t.text for t in guide.tasks] == ["推进重大项目前期工作。", "新建幼儿园3所。"]


def test_a_task_with_supporting_units_but_no_lead_is_reported():
    guide = _parsed("某区任务\n1.甲事项。\n配合单位：区财政局\n2.乙事项。\n牵头单位：区发改委\n", "no_lead.txt")
    assert [(w.code, w.refs) for w in guide.report.warnings] == [("no-lead", ["1"])]


def test_items_in_one_paragraph_each_closing_with_its_units():
    text = ("某区2024年重点工作分工\n一、稳增长\n（1）地区生产总值增长6%，由区发改委负责；（2）一般公共预算收入增长5%，"
            "由区财政局牵头，区税务局配合；\n二、惠民生\n（3）新增养老床位500张（区民政局）；（4）新增学位2000个（区教委）。\n")
    guide = _parsed(text, "one_paragraph.txt")
    assert [(t.text, [u.name for u in t.lead], [u.name for u in t.support]) for t in guide.tasks] == [
        ("地区生产总值增长6%", ["区发改委"], []), ("一般公共预算收入增长5%", ["区财政局"], ["区税务局"]),
        ("新增养老床位500张", ["区民政局"], []), ("新增学位2000个。", ["区教委"], [])]


def test_other_phone_labels_are_no_part_of_the_units_name():
    text = ("某区2024年重点任务\n1.做好防汛值守。\n牵头单位：区应急局\n值班电话：66001234\n2.做好督查。\n"
            "牵头单位：区督查室\n办公电话：66002345\n3.做好企业服务。\n牵头单位：区营商办\n手机：13800001111\n")
    guide = _parsed(text, "phone_labels.txt")
    assert [(t.lead[0].name, t.lead[0].phones) for t in guide.tasks] == [
        ("区应急局", ["66001234"]), ("区督查室", ["66002345"]), ("区营商办", ["13800001111"])]


def test_a_deadline_cell_written_with_dots_or_dashes():
    sheet = "某区2024年任务表\n" + "\n".join("\t".join(row) for row in [
        ["序号", "重点任务", "牵头单位", "完成时限"], ["1", "任务甲", "区发改委", "2024.6.30"],
        ["2", "任务乙", "区财政局", "2024.12"], ["3", "任务丙", "区教委", "2024-09-30"]]) + "\n"
    guide = _parsed(sheet, "dotted_dates.txt")
    assert [[d.date for d in t.deadlines] for t in guide.tasks] == [["2024-06-30"], ["2024-12-31"], ["2024-09-30"]]


def test_an_xlsx_ledger_with_date_cells():
    import datetime

    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    for row in [["某区2024年重点任务台账"], ["序号", "重点任务", "牵头单位", "完成时限"],
                [1, "推进项目开工", "区发改委", datetime.datetime(2024, 6, 15)],
                [2, "扩大有效投资", "区财政局", datetime.date(2024, 9, 30)]]:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    guide = parse_bytes(out.getvalue(), "ledger.xlsx")
    validate(guide.to_dict())
    assert _roles(guide) == {"1": (["区发改委"], []), "2": (["区财政局"], [])}
    assert [[d.date for d in t.deadlines] for t in guide.tasks] == [["2024-06-15"], ["2024-09-30"]]


def test_items_of_an_article_are_numbered_in_brackets():
    # as in rules and laws: 第一条 holds （一）（二）
    text = ("某区关于支持小微企业发展的若干措施\n第一条 减轻企业负担\n（一）减免房租3个月。（责任单位：区国资委）\n"
            "（二）降低用电成本。（责任单位：区发改委）\n第二条 加大金融支持\n（一）设立纾困基金。（责任单位：区金融办）\n")
    guide = _parsed(text, "articles.txt")
    assert [(t.path, [u.name for u in t.lead]) for t in guide.tasks] == [
        (["第一条", "(一)"], ["区国资委"]), (["第一条", "(二)"], ["区发改委"]), (["第二条", "(一)"], ["区金融办"])]


def test_an_article_cited_in_a_sentence_is_no_label():
    text = ("某区2024年重点任务\n一、优化营商环境\n1.严格执行《优化营商环境条例》第二十条规定，推行告知承诺制。牵头单位：区司法局\n"
            "2.落实《中小企业促进法》第十条要求，设立专项资金。牵头单位：区财政局\n")
    guide = _parsed(text, "cited_article.txt")
    assert _roles(guide) == {"1": (["区司法局"], []), "2": (["区财政局"], [])}
    assert guide.tasks[0].text == "严格执行《优化营商环境条例》第二十条规定，推行告知承诺制。"


def test_a_phone_line_after_the_deadline_line_is_the_blocks():
    text = ("某县2025年营商环境重点任务分工方案\n1.推行企业开办全程网办。\n责任单位：县市场监管局\n"
            "完成时限：2025年6月底前\n联系电话：0571-82345678\n2.压减工程建设项目审批时间。\n牵头单位：县住建局\n"
            "完成时限：长期坚持\n责任人：王某\n联系电话：82345679\n")
    guide = _parsed(text, "phone_after_deadline.txt")
    assert [[p for u in t.lead for p in u.phones] for t in guide.tasks] == [["057182345678"], ["82345679"]]
    assert [[d.date for d in t.deadlines] for t in guide.tasks] == [["2025-06-30"], [None]]


@pytest.mark.parametrize("units", ["县市场监管局牵头，县税务局、县公安局配合", "县市场监管局（牵头），县税务局、县公安局",
                                   "县市场监管局、县税务局、县公安局，排名第一的为牵头单位"],
                         ids=["clauses", "marked", "first-is-lead"])
def test_one_phone_after_a_list_that_marks_its_lead_is_the_leads(units):
    text = f"某县优化营商环境任务清单\n1.推行企业开办全程网办。\n责任单位：{units}\n联系电话：82345678\n"
    task = _parsed(text, "lead_phone.txt").tasks[0]
    assert [(u.name, u.phones) for u in task.lead] == [("县市场监管局", ["82345678"])]
    assert [(u.name, u.phones) for u in task.support] == [("县税务局", []), ("县公安局", [])]
    # as many phones as units: one each, in the list's order
    text = text.replace("82345678", "82345678、82345679、82345670")
    task = _parsed(text, "lead_phones.txt").tasks[0]
    assert [u.phones for u in task.lead + task.support] == [["82345678"], ["82345679"], ["82345670"]]


def test_a_hotline_glued_to_the_next_items_number():
    # lines joined: `12345` runs into `3.` (`123453.…`); a hotline is shorter than a local number
    text = ("某县惠企服务任务清单\n1.设立政务热线惠企专席。\n牵头单位：县政务服务中心\n咨询电话：12345\n"
            "2.受理价格投诉举报。\n牵头单位：县市场监管局\n咨询电话：12315\n3.建立企业诉求快速响应机制。\n"
            "牵头单位：县工商联\n联系电话：8234 5678\n")
    guide = _parsed(text.replace("\n", ""), "hotline.txt")
    assert [(t.ref, [p for u in t.lead for p in u.phones]) for t in guide.tasks] == [
        ("1", ["12345"]), ("2", ["12315"]), ("3", ["82345678"])]


@pytest.mark.parametrize("lead,support", [("牵头责任单位", "配合责任单位"), ("主办责任单位", "协办责任单位")])
def test_role_words_written_before_responsible_and_who_oversees_a_task(lead, support):
    # `牵头` / `配合` before `责任单位` name the role (no scope); a supervisor is no unit of the task
    text = (f"某区2025年为民办实事项目任务分解\n1.新增公办幼儿园学位1000个。\n{lead}：区教育局\n"
            f"{support}：区财政局、区住建局\n督办单位：区政府督查室\n完成时间节点：2025年9月\n2.改造提升农贸市场5个。\n"
            f"{lead}：区商务局\n{support}：各街道\n督办领导：李某\n完成时间节点：2025年11月\n")
    guide = _parsed(text, "oversight.txt")
    assert _roles(guide) == {"1": (["区教育局"], ["区财政局", "区住建局"]), "2": (["区商务局"], ["各街道"])}
    assert all(u.scope is None for t in guide.tasks for u in t.lead + t.support)
    assert [[d.date for d in t.deadlines] for t in guide.tasks] == [["2025-09-30"], ["2025-11-30"]]
    rows = ("序号\t重点任务\t分管区领导\t牵头责任单位\t配合责任单位\t督办单位\t完成时限\n"
            "1\t新开工重大项目30个\t王某\t区发改委\t区住建委、区规自分局\t区政府督查室\t2025年12月\n")
    assert _roles(_parsed("某区2025年重点工作任务分解表\n" + rows, "oversight_sheet.txt")) == {
        "1": (["区发改委"], ["区住建委", "区规自分局"])}


@pytest.mark.parametrize("standing", ["长期", "持续", "常态化"])
def test_a_bracket_of_units_closed_by_a_standing_deadline_in_one_word(standing):
    text = f"某区稳经济若干措施任务分工\n1.延续实施阶段性降低失业保险费率政策。（区人社局牵头，区税务局配合，{standing}）\n"
    guide = _parsed(text, "standing.txt")
    task = guide.tasks[0]
    assert (task.text, _roles(guide)["1"]) == ("延续实施阶段性降低失业保险费率政策。", (["区人社局"], ["区税务局"]))
    assert [(d.text, d.date) for d in task.deadlines] == [(standing, None)]


def test_a_signature_dated_in_chinese_numerals_names_the_issuer_and_closes_the_last_task():
    body = "某镇2024年安全生产重点工作任务分工\n1.开展燃气安全专项整治。\n牵头单位：镇安全办\n2.开展消防安全检查。\n牵头单位：镇消防所\n"
    signature = "某镇人民政府\n二〇二四年三月十二日\n"
    notice = ("关于印发《某镇2024年安全生产重点工作任务分工》的通知\n各村（社区）：\n"
              "现将《某镇2024年安全生产重点工作任务分工》印发给你们，请认真贯彻执行。\n")
    guide = _parsed(notice + signature + body, "signed_front.txt")
    assert (guide.document.issuer, guide.document.date) == ("某镇人民政府", "2024-03-12")
    guide = _parsed(body + signature, "signed_end.txt")
    assert _roles(guide) == {"1": (["镇安全办"], []), "2": (["镇消防所"], [])}
    assert (guide.document.issuer, guide.document.date) == ("某镇人民政府", "2024-03-12")


def test_a_separator_between_blocks_on_one_line_is_no_part_of_the_texts_spans():
    text = "某区2024年任务清单\n1.扩大家庭医生签约服务覆盖面。\n牵头单位：区卫健委；配合单位：区医保局、区市场监管局\n2.推进医保电子凭证应用。\n牵头单位：区医保局\n"
    task = _parsed(text, "separator.txt").tasks[0]
    assert [text[a:b] for a, b in task.spans] == ["扩大家庭医生签约服务覆盖面。"]


def test_a_headings_title_is_its_line_and_the_words_under_it_are_its_text():
    text = ("某区招商引资工作方案\n一、目标任务\n全年引进项目50个，到位资金100亿元。\n二、持续加力优化营商环境，全力稳住经济\n基本面\n"
            "（一）全力以赴推动重大项目建设和\n扩大有效投资工作。\n1.开展产业链招商。\n牵头单位：区商务局\n")
    guide = _parsed(text, "heading_text.txt")
    assert [(h.path, h.title, h.text) for h in guide.outline] == [
        (["一"], "目标任务", "全年引进项目50个，到位资金100亿元。"),
        # a title wrapped onto the next line is one title (no sentences of their own after it,
        # or a line stopping mid-phrase)
        (["二"], "持续加力优化营商环境，全力稳住经济基本面", None),
        (["二", "(一)"], "全力以赴推动重大项目建设和扩大有效投资工作。", None)]
    assert [t.ref for t in guide.tasks] == ["1"]


def _two_row_header_docx() -> bytes:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("某区2024年重点任务分工表")
    t = d.add_table(rows=len(ROWS) + 2, cols=5)
    for i, h in ((0, "序号"), (1, "工作任务"), (4, "完成时限")):
        t.cell(0, i).merge(t.cell(1, i)).text = h
    t.cell(0, 2).merge(t.cell(0, 3)).text = "责任单位"
    t.cell(1, 2).text, t.cell(1, 3).text = "牵头", "配合"
    for r, row in enumerate(ROWS, start=2):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("form", ["html", "docx", "tsv"])
def test_a_header_of_two_rows_with_lead_and_support_under_a_merged_unit_cell(form):
    if form == "html":
        body = ("<table><tr><td rowspan='2'>序号</td><td rowspan='2'>工作任务</td><td colspan='2'>责任单位</td>"
                "<td rowspan='2'>完成时限</td></tr><tr><td>牵头</td><td>配合</td></tr>"
                + "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in ROWS) + "</table>")
        guide = _parsed_page(body, "plan.html")
    elif form == "docx":
        guide = parse_bytes(_two_row_header_docx(), "plan.docx")
        validate(guide.to_dict())
    else:
        rows = ["序号\t工作任务\t责任单位\t\t完成时限", "\t\t牵头\t配合\t"] + ["\t".join(row) for row in ROWS]
        guide = _parsed("某区2024年重点任务分工表\n" + "\n".join(rows) + "\n", "plan.txt")
    assert _roles(guide) == EXPECTED  # (the second header row is no task)


@pytest.mark.parametrize("space", [" ", "\u3000", "\n"])
def test_labelled_words_in_a_bracket_parted_by_a_space_only(space):
    text = (f"某区2024年稳增长工作要点分工\n1.加快专项债券发行使用。（牵头单位：区财政局{space}配合单位：区发改委）\n"
            f"2.落实减税降费政策。（牵头单位：区税务局{space}配合单位：区财政局{space}完成时限：2024年底前）\n")
    guide = _parsed(text, "bracket_spaces.txt")
    assert _roles(guide) == {"1": (["区财政局"], ["区发改委"]), "2": (["区税务局"], ["区财政局"])}
    assert [t.text for t in guide.tasks] == ["加快专项债券发行使用。", "落实减税降费政策。"]
    assert [[d.date for d in t.deadlines] for t in guide.tasks] == [[], ["2024-12-31"]]


@pytest.mark.parametrize("extension", ["转801", "-801", "分机12", "转8"])
def test_a_phones_extension_glued_to_the_next_items_number(extension):
    # lines joined: `87654321转801` runs into `2.` (`转8012.…`); the item keeps its number and text
    text = (f"某区任务清单\n1.落实增值税减免政策。\n牵头单位：区税务局\n联系电话：87654321{extension}\n2.对困难企业缓缴社保费。\n"
            "牵头单位：区人社局\n联系电话：87655555\n")
    guide = _parsed(text, "extension.txt")
    assert [(t.ref, t.text, [p for u in t.lead for p in u.phones]) for t in guide.tasks] == [
        ("1", "落实增值税减免政策。", ["87654321"]), ("2", "对困难企业缓缴社保费。", ["87655555"])]


def test_circled_points_that_each_carry_units_are_tasks_and_others_stay_inside():
    text = ("某区2024年优化营商环境若干措施责任分工\n（1）推行“证照分离”改革全覆盖。（责任单位：区市场监管局）\n"
            "（2）推进“互联网+监管”。\n①建设监管平台。（责任单位：区政务服务局）\n②归集监管数据。（责任单位：区大数据中心）\n"
            "（3）优化涉企服务。①建立专员制度。②开通服务热线。（责任单位：区工商联）\n")
    guide = _parsed(text, "circled.txt")
    assert _roles(guide) == {"(1)": (["区市场监管局"], []), "(2)①": (["区政务服务局"], []),
                             "(2)②": (["区大数据中心"], []), "(3)": (["区工商联"], [])}
    assert guide.tasks[-1].text == "优化涉企服务。①建立专员制度。②开通服务热线。"


def test_duties_listed_by_unit_name_each_item_to_the_unit_it_opens_with():
    text = ("某区创建文明城区工作职责分工\n1.区委宣传部：负责创建工作的统筹协调和宣传动员。\n2.区住建委：负责老旧小区改造。\n"
            "3.工作目标：年底前通过测评。\n4.区城管委：负责市容环境整治。\n配合单位：各街道\n")
    guide = _parsed(text, "duties.txt")
    assert _roles(guide) == {"1": (["区委宣传部"], []), "2": (["区住建委"], []), "3": ([], []),
                             "4": (["区城管委"], ["各街道"])}
    assert [t.text for t in guide.tasks][:3] == ["负责创建工作的统筹协调和宣传动员。", "负责老旧小区改造。", "工作目标：年底前通过测评。"]


def test_a_list_going_on_after_the_lead_mark_on_the_next_line():
    text = ("某县2025年乡村振兴重点任务清单\n1.新建高标准农田2万亩。\n责任单位：县农业农村局（牵头）\n县财政局、县自然资源局\n"
            "完成时限：2025年10月\n2.培育农业产业化龙头企业3家。\n牵头单位：县农业农村局\n责任单位：各乡镇人民政府\n")
    guide = _parsed(text, "mark_then_names.txt")
    assert _roles(guide) == {"1": (["县农业农村局"], ["县财政局", "县自然资源局"]), "2": (["县农业农村局"], ["各乡镇人民政府"])}


def test_roles_marked_in_brackets_after_each_unit():
    text = ("某县2025年重点任务清单\n1.推进县域商业体系建设。\n责任单位：县发改局（牵头）、县财政局（配合）、县商务局（配合）\n"
            "2.完成老旧小区改造。\n责任单位：县住建局（主责）、各乡镇（协办）\n")
    guide = _parsed(text, "marks.txt")
    assert _roles(guide) == {"1": (["县发改局"], ["县财政局", "县商务局"]), "2": (["县住建局"], ["各乡镇"])}
