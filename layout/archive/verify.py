"""`layout archive verify`: two checks against an issue's build record.

Fixity: every stored output still has the SHA-256 its build recorded (none truncated,
appended to, replaced, deleted or unreadable). Rebuild: building the issue again from its
sources gives the same files, or the record says which input or version changed. The
stored bytes being intact and the sources still making them are different promises, so
both are checked every time. The rebuild speaks the language the record was built in (the
warnings report.json repeats are in it), whatever the language of the report.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from layout import i18n
from layout.archive.rebuild import built_in
from layout.build import build_issue
from layout.errors import LayoutError
from layout.i18n import _, ngettext
from layout.project.files import RECORD
from layout.reports.record import Fault, differences, fixity, read_record
from layout.variants.table import VARIANTS


@dataclass(frozen=True)
class Verification:
    outputs: int                # files the record lists
    stored_faults: list[Fault]  # stored files that are not what the record says
    changed_outputs: list[str]  # files a rebuild makes otherwise than recorded
    causes: list[str]           # inputs or versions that changed since the record

    @property
    def identical(self) -> bool:
        return not self.stored_faults and not self.changed_outputs

    def report(self, issue: Path) -> list[str]:
        """What `layout archive verify` prints: each check's verdict, then what differs."""
        if self.identical:
            lines = [ngettext("{issue}: verified, {count} file identical (the stored file as "
                              "recorded, a rebuild the same)",
                              "{issue}: verified, {count} files identical (the stored files "
                              "as recorded, a rebuild the same)", self.outputs)
                     .format(issue=issue, count=self.outputs)]
            return lines + [_indented(_("since the record: {change}").format(change=cause))
                            for cause in self.causes]
        lines = []
        if faults := len(self.stored_faults):
            lines.append(ngettext("{issue}: fixity: {faults} of {count} stored files is not "
                                  "as recorded",
                                  "{issue}: fixity: {faults} of {count} stored files are not "
                                  "as recorded", faults)
                         .format(issue=issue, faults=faults, count=self.outputs))
            lines += [_indented(_("stored: {fault}").format(fault=fault))
                      for fault in self.stored_faults]
        if changed := len(self.changed_outputs):
            lines.append(ngettext("{issue}: rebuild: {changed} of {count} files differs from "
                                  "the record",
                                  "{issue}: rebuild: {changed} of {count} files differ from "
                                  "the record", changed)
                         .format(issue=issue, changed=changed, count=self.outputs))
            lines += [_indented(_("differs: {file}").format(file=name))
                      for name in self.changed_outputs]
        else:
            lines.append(ngettext("{issue}: rebuild: the same {count} file as recorded",
                                  "{issue}: rebuild: the same {count} files as recorded",
                                  self.outputs).format(issue=issue, count=self.outputs))
        return lines + [_indented(_("changed: {change}").format(change=cause))
                        for cause in self.causes]


def _indented(line: str) -> str:
    """A detail under a verdict."""
    return "  " + line


def verify_issue(issue_dir: Path, out_dir: Path, variant: str) -> Verification:
    """Check the stored outputs under `out_dir` against their build.json, then rebuild
    `issue_dir` and compare the two records."""
    folder = VARIANTS[variant].folder(out_dir)
    recorded = _recorded(folder, issue_dir, variant)
    faults = fixity(folder, recorded["outputs"])
    with i18n.speaking(built_in(recorded)):
        current = _rebuilt(issue_dir, variant)
    changed = sorted(name for name in set(recorded["outputs"]) | set(current["outputs"])
                     if recorded["outputs"].get(name) != current["outputs"].get(name))
    causes = differences(recorded, current)
    if changed and not causes:
        causes.append(_("the outputs differ although no input or version did"))
    return Verification(len(recorded["outputs"]), faults, changed, causes)


def _recorded(folder: Path, issue_dir: Path, variant: str) -> dict:
    if not (folder / RECORD).is_file():
        raise LayoutError(_("{record}: no build record; build the issue first (layout build "
                            "{issue} --variant {variant})").format(
            record=folder / RECORD, issue=issue_dir, variant=variant))
    try:
        return read_record(folder)
    except (OSError, ValueError) as error:
        raise LayoutError(_("{record}: cannot be read as a build record ({reason}); nothing "
                            "can be verified against it").format(
            record=folder / RECORD, reason=error)) from error


def _rebuilt(issue_dir: Path, variant: str) -> dict:
    """The record of a fresh build of `issue_dir`, made in a folder that is then removed."""
    with tempfile.TemporaryDirectory() as tmp:
        result = build_issue(issue_dir, Path(tmp), variant=variant, allow_overflow=True)
        return json.loads((result.report.parent / RECORD).read_text(encoding="utf-8"))
