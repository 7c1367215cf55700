"""Dates as a Chinese masthead prints them: 2021年6月15日 星期二 农历辛丑年五月初六."""

from __future__ import annotations

import datetime

from lunardate import LunarDate

_WEEKDAYS = "一二三四五六日"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_MONTHS = ("正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊")
_DIGITS = "一二三四五六七八九十"


def solar_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def weekday(day: datetime.date) -> str:
    return f"星期{_WEEKDAYS[day.weekday()]}"


def lunar_date(day: datetime.date) -> str:
    lunar = LunarDate.from_solar_date(day.year, day.month, day.day)
    leap = "闰" if lunar.is_leap_month else ""
    return f"农历{_year_name(lunar.year)}年{leap}{_MONTHS[lunar.month - 1]}月{_day_name(lunar.day)}"


def _year_name(year: int) -> str:
    """The sexagenary (干支) name of a lunar year: 1984 was 甲子."""
    return _STEMS[(year - 4) % 10] + _BRANCHES[(year - 4) % 12]


def _day_name(day: int) -> str:
    if day <= 10:
        return "初" + _DIGITS[day - 1]
    if day < 20:
        return "十" + _DIGITS[day - 11]
    if day == 20:
        return "二十"
    if day < 30:
        return "廿" + _DIGITS[day - 21]
    return "三十"
