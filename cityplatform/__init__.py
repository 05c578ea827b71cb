"""株洲市城市综合服务信息平台: the project package (settings, urls, API root).

Each domain lives in its own app inside this package; see docs/architecture.md.
"""
