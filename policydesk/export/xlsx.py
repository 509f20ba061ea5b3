"""The ledger (台账) as an xlsx workbook: frozen header, wrapped text, sensible widths."""
from __future__ import annotations

import io

WIDTHS = {"序号": 8, "任务": 60, "政策措施/任务": 60, "牵头单位": 28, "第一责任单位": 28, "责任单位": 32,
          "联系电话": 30, "完成时限": 16, "进展情况": 40, "状态": 10, "更新时间": 18}


def ledger_workbook(rows: list[list[str]], title: str = "台账", identifier: str | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    for row in rows:
        ws.append(row)
    for i, name in enumerate(rows[0], start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(name, 20)
        ws.cell(row=1, column=i).font = Font(bold=True)
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    wb.properties.title = title
    if identifier:
        wb.properties.identifier = identifier  # lets an import check the sheet belongs to the guide
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
