"""Writes ico-controller-template.xlsx: the shape of the ICO's "Documentation template for controllers"
(sheet `Template`, the controller / DPO contact block in rows 1-6, the 30 headings verbatim on row 9, a
`Notes` sheet), filled with two rows of a fictional school. Run with openpyxl installed (the dev extra)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

HEADINGS = [
    "Business function",
    "Purpose of processing",
    "Name and contact details of joint controller (if applicable)",
    "Categories of individuals",
    "Categories of personal data",
    "Categories of recipients",
    "Link to contract with processor",
    "Names of third countries or international organisations that personal data are transferred to (if applicable)",
    "Safeguards for exceptional transfers of personal data to third countries or international organisations "
    "(if applicable)",
    "Retention schedule (if possible)",
    "General description of technical and organisational security measures (if possible)",
    "Article 6 lawful basis for processing personal data",
    "Article 9 condition for processing special category data",
    "Legitimate interests for the processing (if applicable)",
    "Link to record of legitimate interests assessment (if applicable)",
    "Rights available to individuals",
    "Existence of automated decision-making, including profiling (if applicable)",
    "The source of the personal data (if applicable)",
    "Link to record of consent",
    "Location of personal data",
    "Data Protection Impact Assessment required?",
    "Data Protection Impact Assessment progress",
    "Link to Data Protection Impact Assessment",
    "Has a personal data breach occurred?",
    "Link to record of personal data breach",
    "Data Protection Act 2018 Schedule 1 Condition for processing",
    "GDPR Article 6 lawful basis for processing",
    "Link to retention and erasure policy document",
    "Is personal data retained and erased in accordance with the policy document?",
    "Reasons for not adhering to policy document (if applicable)",
]
ROWS = [
    {
        "Business function": "Visitor sign-in",
        "Purpose of processing": "Site safety; Safeguarding",
        "Categories of individuals": "Visitors",
        "Categories of personal data": "Identity, Contact",
        "Categories of recipients": "None",
        "Retention schedule (if possible)": "Current year + 6 years",
        "General description of technical and organisational security measures (if possible)": (
            "Role-based access\nMFA for staff"
        ),
        "Article 6 lawful basis for processing personal data": "Art 6(1)(e) Public task",
        "Location of personal data": "Reception tablet; Paper book",
        "Data Protection Impact Assessment required?": "No",
    },
    {
        "Business function": "Staff payroll",
        "Purpose of processing": "Paying staff",
        "Categories of individuals": "Staff",
        "Categories of personal data": "Identity; Bank details",
        "Categories of recipients": "HMRC; Pension schemes",
        "Retention schedule (if possible)": "End of employment + 6 years",
        "General description of technical and organisational security measures (if possible)": "Encrypted at rest",
        "Article 6 lawful basis for processing personal data": "Contract",
        "Location of personal data": "Payroll system",
    },
]


def build(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Template"
    contact = [("Name", "Riverside Primary School"), ("Address", "1 River Lane"), ("Email", "dpo@example.org")]
    contact += [("Telephone", "01632 960000"), ("DPO", "Example DPO service"), ("Representative", "n/a")]
    for row, (label, value) in enumerate(contact, 1):
        sheet.cell(row, 1, label)
        sheet.cell(row, 2, value)
    for col, heading in enumerate(HEADINGS, 1):
        sheet.cell(9, col, heading)
    for row, values in enumerate(ROWS, 10):
        for col, heading in enumerate(HEADINGS, 1):
            if heading in values:
                sheet.cell(row, col, values[heading])
    book.create_sheet("Notes")["A1"] = "Headings highlighted green are required areas of documentation."
    book.save(path)
    return path


if __name__ == "__main__":
    build(Path(__file__).with_name("ico-controller-template.xlsx"))
