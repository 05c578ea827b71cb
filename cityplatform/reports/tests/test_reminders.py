"""Reminders before and after the deadline, by the task and its command."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from cityplatform.places.models import Place
from cityplatform.reports.models import Reminder
from cityplatform.reports.services import reminders_send
from cityplatform.reports.tests.conftest import DAY, SIFANG, at, file
from conftest import MAFANGTANG

pytestmark = pytest.mark.django_db


def test_nothing_is_sent_long_before_the_deadline(kind, people) -> None:  # type: ignore[no-untyped-def]
    assert reminders_send(now=at(DAY, "08:59"), kinds=[kind]) == 0
    assert not Reminder.objects.exists()


def test_before_the_deadline_the_missing_villages_reporters_are_reminded(kind, people) -> None:  # type: ignore[no-untyped-def]
    file(kind, people.mafangtang, MAFANGTANG)
    created = reminders_send(now=at(DAY, "09:15"), kinds=[kind])
    assert created == Place.objects.filter(level=5).count() - 1
    assert not Reminder.objects.filter(village_id=MAFANGTANG).exists()
    sifang = Reminder.objects.get(village_id=SIFANG)
    assert sifang.stage == Reminder.Stage.BEFORE_DEADLINE
    assert list(sifang.recipients.all()) == [people.sifang]
    assert "四方社区" in sifang.message
    assert "10:00" in sifang.message
    # Once per stage and day, however often the task runs.
    assert reminders_send(now=at(DAY, "09:45"), kinds=[kind]) == 0


def test_after_the_deadline_the_town_reviewers_are_told_too(kind, people) -> None:  # type: ignore[no-untyped-def]
    reminders_send(now=at(DAY, "09:15"), kinds=[kind])
    file(kind, people.mafangtang, MAFANGTANG, hhmm="09:30")
    created = reminders_send(now=at(DAY, "10:30"), kinds=[kind])
    assert created == Place.objects.filter(level=5).count() - 1
    after = Reminder.objects.get(village_id=SIFANG, stage=Reminder.Stage.AFTER_DEADLINE)
    assert set(after.recipients.all()) == {people.sifang, people.lailongmen}
    assert not Reminder.objects.filter(village_id=MAFANGTANG, stage="after").exists()


@override_settings(
    DAILY_REPORT_DEADLINES={"children_care": "08:00"}, DAILY_REPORT_REMINDER_LEAD_MINUTES=30
)
def test_the_deadline_and_lead_come_from_settings(kind, people) -> None:  # type: ignore[no-untyped-def]
    assert reminders_send(now=at(DAY, "07:29"), kinds=[kind]) == 0
    assert reminders_send(now=at(DAY, "07:31"), kinds=[kind]) > 0
    assert "08:00" in Reminder.objects.first().message  # type: ignore[union-attr]


def test_the_command_runs_the_task_now_or_queues_it(kind, people) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("send_report_reminders", "--at", "2020-02-03T10:30", stdout=out)
    assert out.getvalue().strip() == "270 reminders created."
    queued = io.StringIO()
    # The test settings run tasks immediately; in production db_worker picks it up.
    call_command("send_report_reminders", "--at", "2020-02-04T09:30", "--enqueue", stdout=queued)
    assert queued.getvalue().startswith("Queued task")
    assert Reminder.objects.filter(day="2020-02-04").count() == 270
    with pytest.raises(CommandError, match="2020-02-03T09:00"):
        call_command("send_report_reminders", "--at", "tomorrow")
