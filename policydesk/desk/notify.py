"""E-mail for urgings, when an SMTP server is configured (POLICYDESK_SMTP_HOST, _PORT, _FROM,
optional _USER/_PASSWORD and _STARTTLS=1). Sending happens after the urging is committed: a mail
server that is down never loses an urging, and the outcome is kept on the urging row."""
from __future__ import annotations

import os
import smtplib
from email.message import EmailMessage

from sqlalchemy import text, update

from ..store.tables import urgings


def smtp_settings() -> dict | None:
    host = os.environ.get("POLICYDESK_SMTP_HOST")
    if not host:
        return None
    return {"host": host, "port": int(os.environ.get("POLICYDESK_SMTP_PORT", "25")),
            "sender": os.environ.get("POLICYDESK_SMTP_FROM", "policydesk@localhost"),
            "user": os.environ.get("POLICYDESK_SMTP_USER"), "password": os.environ.get("POLICYDESK_SMTP_PASSWORD"),
            "starttls": os.environ.get("POLICYDESK_SMTP_STARTTLS") == "1"}


def recipients(conn, assignment: dict) -> list[str]:
    """The e-mail addresses of the unit accounts that answer for this assignment."""
    rows = conn.execute(text("SELECT email, office FROM accounts WHERE role = 'unit' AND org = :org "
                             "AND email IS NOT NULL"), {"org": assignment["org"]}).all()
    return [r.email for r in rows if not r.office or r.office in (assignment["office"], assignment["unit_name"])]


def send_urging(engine, urging_id: int, assignment: dict, message: str, portal_url: str = "") -> str:
    """Mail the urging to the unit; record and return what happened."""
    settings = smtp_settings()
    if settings is None:
        status = "未配置邮件服务"
    else:
        with engine.connect() as conn:
            to = recipients(conn, assignment)
        if not to:
            status = "该单位账号未登记邮箱"
        else:
            mail = EmailMessage()
            mail["Subject"] = f"【催办】{assignment['guide_title'] or ''} 第 {assignment['ref']} 项"
            mail["From"] = settings["sender"]
            mail["To"] = ", ".join(to)
            link = f"{portal_url.rstrip('/')}/desk/assignments/{assignment['id']}" if portal_url else ""
            mail.set_content(f"{assignment['unit_name']}：\n\n{message}\n\n任务：{assignment['text'][:200]}\n"
                             f"{('请登录办理：' + link) if link else ''}\n")
            try:
                with smtplib.SMTP(settings["host"], settings["port"], timeout=10) as smtp:
                    if settings["starttls"]:
                        smtp.starttls()
                    if settings["user"]:
                        smtp.login(settings["user"], settings["password"] or "")
                    smtp.send_message(mail)
                status = "已发送至 " + "、".join(to)
            except (OSError, smtplib.SMTPException) as exc:
                status = f"发送失败：{type(exc).__name__}"
    with engine.begin() as conn:
        conn.execute(update(urgings).where(urgings.c.id == urging_id).values(email_status=status[:200]))
    return status
