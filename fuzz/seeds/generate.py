#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into fuzz/seeds/<target>/.

Sources, all from this repository: the built-in packs (rules/*.yml, as config seeds, and their
`examples:` as messages and descriptions), the PR template `whylint init` writes
(src/report/templates.rs), the GitHub event fixtures (tests/fixtures/github/), and the short
inputs written out below. Run it from anywhere after changing those (needs PyYAML):

    python3 fuzz/seeds/generate.py
"""

import json
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fuzz" / "seeds"

# The message target reads its first byte as the comment style: "0" `#`, "1" `;`, "2" `//`,
# "3" core.commentChar=auto, "4" verbatim (a commit object), "5" an empty prefix.
HASH, SEMICOLON, SLASHES, AUTO, VERBATIM = b"0", b"1", b"2", b"3", b"4"

MESSAGES = {
    "git-template": HASH
    + b"Fix crash when exporting an empty invoice list\n\nProblem: exporting an empty list panics.\n\n"
    b"Signed-off-by: A U Thor <author@example.com>\n\n"
    b"# Please enter the commit message for your changes. Lines starting\n"
    b"# with '#' will be ignored, and an empty message aborts the commit.\n#\n# On branch main\n",
    "scissors": HASH
    + b"Add CSV export\n\nRefs: #12\n# ------------------------ >8 ------------------------\n"
    b"diff --git a/x b/x\n+Refs: #99\n",
    "semicolon": SEMICOLON + b"Handle empty list\n\n#12 fixes the crash.\n; comment\n",
    "slashes": SLASHES + b"Subject\n\n// comment\nBody\n// ------------------------ >8 ------------------------\nafter\n",
    "auto": AUTO + b"Fix #12 crash\n\n#12 was an unchecked index.\n\n; Please enter the commit message\n",
    "crlf-bom": VERBATIM + "\ufeffAdd export\r\n\r\nBody.\r\n\r\nRefs: #42\r\nSigned-off-by: A <a@example.com>\r\n".encode(),
    "lone-cr": VERBATIM + b"Add export\r\rRefs: #42\rMetric: p95 under 2 s\r",
    "latin1": VERBATIM + b"Caf\xe9 export\n\nRefs: #7\n",
    "continuation": VERBATIM + b"Fix export\n\nReviewed-by: Someone\n  With A Long Name\n\tand a tab\nRefs:\n  #42\n",
    "cherry-pick": VERBATIM
    + b"Fix export\n\nBody.\n\nBackported.\n(cherry picked from commit abc1234)\nSigned-off-by: A <a@example.com>\n",
    "labels": VERBATIM
    + b"feat: add export\n\nWhy:\n  Finance copies rows by hand.\nSuccess-Metric: tickets drop from 40/week to under 5 within 30 days\n"
    b"How will we know?: the export dashboard\n\nReview-By: 2027-01-15\n",
    "markdown-body": VERBATIM
    + b"perf: cache totals\n\n## Problem\n\nThe invoice page takes 4 s (#9).\n\n## Success metric\n\n- p95 under 300 ms\n",
    "why-skip": VERBATIM + b"Fix typo\n\nWhy-Skip: comment typo, no behaviour change\n",
    "merge": VERBATIM + b"Merge branch 'feat/PAY-12-export' into main\n",
    "empty-prefix": b"5" + b"x\n\n# kept\n",
}

DESCRIPTIONS = {
    "comments-and-html": "## Problem\n\n<!-- prompt\nover lines -->\n<details><summary>Logs</summary>\n\nstack trace\n</details>\n",
    "pseudo-headings": "**Problem**\nFinance re-types invoices.\n\n*__Success metric:__*\nTickets drop to under 5 a week.\n",
    "setext-and-lists": "Problem\n=======\n\n- [ ] not done\n- [x] done: see [the issue](https://github.com/o/r/issues/1)\n\nMetric\n------\n\n| now | goal |\n| --- | ---- |\n| 40 | 5 |\n",
    "code-and-footnotes": "## How will we know it worked?\n\n`p95 < 200ms` after the change[^1].\n\n```\n## not a heading\n```\n\n[^1]: measured weekly\n",
    "crlf": "## Problem\r\n\r\nCloses #42\r\n\r\n## Success metric\r\n\r\nErrors drop from 3% to under 1%.\r\n",
}

TRAILERS = {
    "plain": b"Refs: #42\nSigned-off-by: A U Thor <author@example.com>\nCo-authored-by: B <b@example.com>\n",
    "continuation": b"Reviewed-by: Someone\n  With A Long Name <x@example.com>\n\tand a tab line\nRefs:\n  #42\nAcked-by : Spaced\nEmpty:\n",
    "mixed-git": b"Backported for 2.3.\n(cherry picked from commit abc1234)\nSigned-off-by: A <a@example.com>\n",
    "url-prose": b"https://example.com/issues/1\nSee: https://example.com\n",
    "crlf": b"Refs: #1\r\nMetric: p95 under 2 s\r\n",
}

CONFIGS = {
    "project": b"extends: [default, jira]\ntrackers:\n  jira: { projects: [PAY, WEB] }\nrules:\n  success-metric: { level: warning }\n  problem-link: { on: [commit, pr] }\nexempt:\n  labels: [no-why]\n  bots: [my-release-bot]\n  paths: ['docs/**', '**/*.lock']\n",
    "new-rule": b"rules:\n  - id: ticket-in-subject\n    level: error\n    on: [commit]\n    summary: Start the subject with the ticket key\n    question: Which ticket is this for?\n    help: Write `PAY-812: add export`.\n    when: { not: { type: [docs, chore] } }\n    check:\n      pattern: { field: subject, matches: '^[A-Z][A-Z0-9]+-\\d+: ' }\n    examples:\n      pass: [\"PAY-812: add CSV export\"]\n      fail: [\"Add CSV export\"]\n",
    "problems": b"extends: [defualt]\nrules:\n  succes-metric: { levle: warning }\n  - id: Bad_Id\nplaceholders: ['^[A-Z]+-(\\d+']\n",
    "combinators": b"sections:\n  impact: [Impact, User impact]\nrules:\n  - id: impact-or-ref\n    summary: s\n    question: q\n    help: h\n    check:\n      any:\n        - reference: { trackers: [github, jira], closing: true }\n        - section: { name: impact, min-words: 6 }\n        - all: [{ metric: { require: [quantity, timeframe], if-absent: pass } }, { not: { filled: { sections: [impact] } } }]\n",
    "anchors-and-tags": b"extends: &packs [default]\nrules: *packs\nexempt: !custom { merges: false }\n",
    "crlf": b"extends: [strict]\r\nrules:\r\n  metric-review-date: { level: off }\r\n",
    # One regex past the budget's count (src/rules/budget.rs), and a glob list.
    "budget": b"exempt:\n  paths: ['docs/**', '**/*.lock']\nplaceholders:\n"
    + b"".join(b"  - 'p%d'\n" % i for i in range(201)),
    # A long value with a terminal escape in it, quoted back by the error (`yaml::tidy`).
    "quoted": b'extends: ["\\e]52;c;' + b"k" * 300 + b'", default]\nrules:\n  ' + b"x" * 200 + b": {}\n",
}

EVENTS = {
    "minimal": {"pull_request": {"number": 7, "title": "Add export", "body": "## Problem\n\nCloses #42\n", "labels": [{"name": "no-why"}], "user": {"login": "dependabot[bot]", "type": "Bot"}, "head": {"ref": "feat/PAY-12", "sha": "a" * 40}, "base": {"ref": "main", "sha": "b" * 40}}, "repository": {"full_name": "o/r"}},
    "null-fields": {"pull_request": {"number": None, "title": None, "body": None, "labels": [], "user": None, "head": None, "base": None}, "repository": None},
    "push": {"ref": "refs/heads/main", "repository": {"full_name": "o/r"}},
}


def write(target, name, data):
    directory = SEEDS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data)


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def pack_examples():
    """(pack, rule id, pass/fail, index, example) for every example of every built-in pack."""
    for path in sorted((ROOT / "rules").glob("*.yml")):
        pack = yaml.safe_load(path.read_text())
        for rule in pack.get("rules") or []:
            for verdict in ("pass", "fail"):
                for index, example in enumerate((rule.get("examples") or {}).get(verdict, [])):
                    yield path.stem, rule["id"], verdict, index, example


def main():
    for target in ("message", "markdown", "trailers", "config", "github_event"):
        shutil.rmtree(SEEDS / target, ignore_errors=True)

    for name, data in MESSAGES.items():
        write("message", name, data)
    for name, text in DESCRIPTIONS.items():
        write("markdown", name, text.encode())
    for name, data in TRAILERS.items():
        write("trailers", name, data)
    for name, data in CONFIGS.items():
        write("config", name, data)
    for name, event in EVENTS.items():
        write("github_event", name + ".json", json.dumps(event, indent=2).encode())

    for pack, rule, verdict, index, example in pack_examples():
        name = f"{pack}-{rule}-{verdict}-{index}"
        if isinstance(example, str):
            write("message", name, VERBATIM + example.encode())
            paragraphs = example.strip("\n").split("\n\n")
            if len(paragraphs) > 1:
                write("trailers", name, paragraphs[-1].encode() + b"\n")
        # PyYAML reads YAML 1.1, where a bare `on` key is the boolean true.
        elif example.get("on", example.get(True)) == "pr":
            write("markdown", name, example["text"].encode())
        else:
            write("message", name, VERBATIM + example["text"].encode())

    for path in sorted((ROOT / "rules").glob("*.yml")):
        write("config", f"pack-{path.stem}.yml", path.read_bytes())
    templates = (ROOT / "src" / "report" / "templates.rs").read_text()
    problem = re.search(r'PROBLEM_PROMPT: &str = "(.*)";', templates).group(1)
    metric = re.search(r'METRIC_PROMPT: &str = "(.*)";', templates).group(1).replace('\\"', '"')
    template = f"## Problem\n\n{problem}\n\n## Success metric\n\n{metric}\n\n## Changes\n\n<!-- What changed, for the reviewer. -->\n"
    write("markdown", "pr-template", template.encode())
    config = re.search(r'pub const CONFIG: &str = r#"(.*?)"#;', templates, re.S).group(1)
    write("config", "init-config.yml", config.encode())

    for path in sorted((ROOT / "tests" / "fixtures" / "github").glob("*.json")):
        write("github_event", path.name, path.read_bytes())
        body = json.loads(path.read_text())["pull_request"].get("body")
        if body:
            write("markdown", "fixture-" + slug(path.stem), body.encode())


if __name__ == "__main__":
    main()
