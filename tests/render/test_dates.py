"""Masthead dates: weekday and the Chinese lunar calendar."""

from __future__ import annotations

import datetime

import pytest

from layout.render.dates import lunar_date, solar_date, weekday


@pytest.mark.parametrize(("day", "expected"), [
    (datetime.date(2021, 6, 15), "农历辛丑年五月初六"),
    (datetime.date(2021, 2, 11), "农历庚子年腊月三十"),   # 除夕
    (datetime.date(2024, 2, 10), "农历甲辰年正月初一"),   # 春节
    (datetime.date(2023, 3, 22), "农历癸卯年闰二月初一"),  # a leap month
    (datetime.date(2020, 11, 15), "农历庚子年十月初一"),
    (datetime.date(2022, 12, 22), "农历壬寅年冬月廿九"),
])
def test_lunar_dates(day: datetime.date, expected: str):
    assert lunar_date(day) == expected


def test_solar_date_and_weekday():
    day = datetime.date(2021, 6, 15)
    assert (solar_date(day), weekday(day)) == ("2021年6月15日", "星期二")
    assert weekday(datetime.date(2021, 6, 20)) == "星期日"
