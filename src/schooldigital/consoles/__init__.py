"""Device-management console exports (Google Admin, Intune, Jamf) reconciled with the asset register.

`reconcile.reconcile` compares (read-only); `apply.apply` records console-owned dates in assets.csv; `render`
prints the result. See the README section "Device management consoles".
"""
