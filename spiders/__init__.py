"""Scrapy spiders: one generic spider (`portal`) serves every source of the registry."""
