"""Charity (慈善捐赠): receiving organisations, campaigns, donors, donations of money
and goods (directed or not) with numbered receipts, funds, maker–checker
disbursements under 专款专用, and the public disclosure (信息公开) of it all.

Money moves on the ledger (`cityplatform.ledger`): every fund has an income and an
expense account there, every donation and disbursement is one ledger transaction,
and every figure shown is computed from the records and the ledger, never stored.
"""
