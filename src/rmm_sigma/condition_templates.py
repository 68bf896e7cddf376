"""Sigma conditions parsed once per text, copied per conversion from a pickle.

pySigma parses a rule's condition again each time a backend converts the rule (processing may have
changed the rule since), from a cached pyparsing tree that it ``copy.deepcopy``-s because converting
rewrites the copy. A build converts each rule a dozen times and ``check`` eight: the deep copies were
4% of a build and 5% of a check. Unpickling a pickle of the same tree, made once per condition
text, gives the same fresh tree in a third of the time.

``_parse_condition_string`` is pySigma's own cached parse (pinned at 1.5.x); if it moves, this
module fails at import, not silently.
"""

from __future__ import annotations

import pickle
from typing import Any

from pyparsing import ParseException
from sigma.conditions import SigmaCondition, _parse_condition_string
from sigma.rule import SigmaRule

#: condition text -> pickle of its parse tree; bounded, since rules are untrusted input
_templates: dict[str, bytes] = {}
_MAX_TEMPLATES = 4096
_MAX_TEXT = 4096


class TemplateCondition(SigmaCondition):
    """A ``SigmaCondition`` whose fresh parse tree is unpickled from one made per condition text.

    The tree is what pySigma's ``parse`` makes: the same text, parsed by the same grammar, copied
    before postprocessing rewrites it. Anything unusual (the deprecated pipe syntax, a parse error,
    a tree too deep to pickle, a text too long to keep) takes pySigma's own path.
    """

    def parse(self, postprocess: bool = True) -> Any:
        template = self._template()
        if template is None:
            return super().parse(postprocess)
        tree = pickle.loads(template)  # noqa: S301 - our own pickle of pySigma's parse tree
        return tree.postprocess(self.detections, source=self.source) if postprocess else tree

    def _template(self) -> bytes | None:
        text = self.condition
        if (template := _templates.get(text)) is not None:
            return template
        if "|" in text or len(text) > _MAX_TEXT or len(_templates) >= _MAX_TEMPLATES:
            return None
        try:
            template = pickle.dumps(_parse_condition_string(text), pickle.HIGHEST_PROTOCOL)
        except (ParseException, RecursionError):
            return None
        _templates[text] = template
        return template


def use_templates(rule: SigmaRule) -> None:
    """Give ``rule`` conditions that copy their parse tree from a template (before any processing)."""
    detection = rule.detection
    detection.parsed_condition = [
        TemplateCondition(c.condition, c.detections, c.source) if type(c) is SigmaCondition else c
        for c in detection.parsed_condition
    ]
