"""The CP-SAT model of a plan: one Boolean per candidate (start, host) of a request, and
the hard constraints over them (see :mod:`.solver` for the list).  Shared by the solver,
its explanations and the block decomposition (:mod:`.decompose`)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .model import ALTERNATE
from .phrases import Phrase, iso_week, phrase
from .prepare import Key, Prepared


@dataclass
class Group:
    """A constraint group: its assumption literal (explanations only) and its words."""

    key: str
    phrase: Phrase
    literal: cp_model.IntVar | None = None


@dataclass
class Built:
    model: cp_model.CpModel
    x: dict[Key, cp_model.IntVar]
    placed: dict[str, cp_model.IntVar]
    request_literals: dict[str, cp_model.IntVar] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    objective_terms: list[tuple[cp_model.LinearExprT, int]] = field(default_factory=list)
    objective_offset: int = 0


class _Builder:
    """Builds the model; with ``guarded`` every constraint group gets an assumption literal."""

    def __init__(
        self,
        prep: Prepared,
        *,
        guarded: bool,
        request_ids: Iterable[str],
        fixed: Mapping[str, Key] | None = None,
        week_used: Mapping[tuple[int, int], int] | None = None,
    ) -> None:
        """``fixed`` requests (placed already, each at its one key) take part only in the
        officials' and the weekly constraints: their series and pairs are whole blocks
        (:mod:`.decompose`) settled before.  ``week_used`` counts the consultations outside
        the model touching each week, for ``max_per_week``."""
        self.prep = prep
        self.problem = prep.problem
        self.guarded = guarded
        self.fixed = dict(fixed or {})
        self.week_used = dict(week_used or {})
        self.ids = [rid for rid in request_ids if prep.keys[rid]] + [
            rid for rid in self.fixed if rid not in set(request_ids)
        ]
        self.requests = {r.id: r for r in self.problem.requests if r.id in set(self.ids)}
        model = cp_model.CpModel()
        x = {
            key: model.new_bool_var(f"x_{key[0]}_{key[1]}_{key[2]}")
            for rid in self.ids
            for key in self.keys_of(rid)
        }
        placed = {rid: model.new_bool_var(f"placed_{rid}") for rid in self.ids}
        self.built = Built(model, x, placed)

    # -- helpers -------------------------------------------------------------------
    def keys_of(self, rid: str) -> list[Key]:
        return [self.fixed[rid]] if rid in self.fixed else self.prep.keys[rid]

    def free(self) -> list[str]:
        return [rid for rid in self.ids if rid not in self.fixed]

    def guard(self, key: str, words: Phrase) -> list[cp_model.IntVar]:
        if not self.guarded:
            return []
        group = self.built.groups.get(key)
        if group is None:
            group = Group(key, words, self.built.model.new_bool_var(f"g_{key}"))
            self.built.groups[key] = group
        return [group.literal] if group.literal is not None else []

    def at_most(
        self, literals: list[cp_model.IntVar], k: int, guard: list[cp_model.IntVar]
    ) -> None:
        if len(literals) <= k:
            return
        if k == 1 and not guard:
            self.built.model.add_at_most_one(literals)
        else:
            self.built.model.add(sum(literals) <= k).only_enforce_if(guard)

    def covering(self, key: Key) -> list[int]:
        request = self.requests[key[0]]
        return [key[1] + n for n in range(request.days)]

    # -- constraints -----------------------------------------------------------------
    def build(self) -> Built:
        model, built = self.built.model, self.built
        for rid in self.ids:
            lits = [built.x[key] for key in self.keys_of(rid)]
            if rid in self.fixed:
                model.add(built.x[self.fixed[rid]] == 1)
            if self.guarded:
                literal = model.new_bool_var(f"a_{rid}")
                built.request_literals[rid] = literal
                model.add_implication(literal, built.placed[rid])
            # An explicit "placed" literal: counts over it propagate (hosting balance).
            model.add(sum(lits) == built.placed[rid])
        self._officials()
        self._weeks()
        self._series()
        self._balance()
        return built

    def _officials(self) -> None:
        by_official: dict[str, list[Key]] = defaultdict(list)
        for rid in self.ids:
            for official in self.requests[rid].officials:
                by_official[official].extend(self.keys_of(rid))
        for official, keys in sorted(by_official.items()):
            if len({key[0] for key in keys}) < 2:
                continue
            guard = self.guard(f"official:{official}", phrase("official_day", official=official))
            on_day: dict[int, list[Key]] = defaultdict(list)
            for key in keys:
                for day in self.covering(key):
                    on_day[day].append(key)
            city_of = {k[2]: self.problem.city_of(k[2]) for k in keys}
            for day, present in on_day.items():
                ids = {key[0] for key in present}
                if len(ids) >= 2:
                    self.at_most([self.built.x[k] for k in present], 1, guard)
                following = on_day.get(day + 1, [])
                if not following or len(ids | {key[0] for key in following}) < 2:
                    continue
                cities = {city_of[k[2]] for k in present}
                for city in cities:
                    here = [k for k in present if city_of[k[2]] == city]
                    elsewhere = [k for k in following if city_of[k[2]] != city]
                    if elsewhere and len({k[0] for k in here + elsewhere}) >= 2:
                        self.at_most([self.built.x[k] for k in here + elsewhere], 1, guard)

    def _weeks(self) -> None:
        problem = self.problem
        weekly: dict[tuple[int, int], list[Key]] = defaultdict(list)
        departmental: dict[tuple[str, str, tuple[int, int]], list[Key]] = defaultdict(list)
        for rid in self.ids:
            request = self.requests[rid]
            for key in self.keys_of(rid):
                weeks = {self.prep.week(d) for d in self.covering(key)}
                for week in weeks:
                    weekly[week].append(key)
                    for party, department in request.departments.items():
                        departmental[(party, department, week)].append(key)
        if problem.max_per_week is not None:
            for iso, keys in sorted(weekly.items()):
                guard = self.guard(
                    f"week:{iso[0]}-W{iso[1]:02d}",
                    phrase(
                        "week_cap",
                        limit=problem.max_per_week,
                        week=iso_week(*iso),
                        monday=_monday(iso),
                    ),
                )
                cap = problem.max_per_week - self.week_used.get(iso, 0)
                self.at_most([self.built.x[k] for k in keys], max(0, cap), guard)
        if problem.max_per_week_per_department is not None:
            for (party, department, iso), keys in sorted(departmental.items()):
                guard = self.guard(
                    f"dept:{party}:{department}:{iso[0]}-W{iso[1]:02d}",
                    phrase(
                        "dept_week_cap",
                        limit=problem.max_per_week_per_department,
                        department=department,
                        party=party,
                        week=iso_week(*iso),
                        monday=_monday(iso),
                    ),
                )
                self.at_most(
                    [self.built.x[k] for k in keys], problem.max_per_week_per_department, guard
                )

    def _host_is(self, rid: str, party: str) -> cp_model.LinearExpr:
        return cp_model.LinearExpr.sum(
            [self.built.x[k] for k in self.keys_of(rid) if k[2] == party]
        )

    def _start(self, rid: str) -> cp_model.LinearExprT:
        return sum(k[1] * self.built.x[k] for k in self.keys_of(rid))

    def _series(self) -> None:
        model, built = self.built.model, self.built
        series: dict[str, list[str]] = defaultdict(list)
        for rid in self.free():
            series[self.requests[rid].series].append(rid)
        for name, members in sorted(series.items()):
            alternating = [rid for rid in members if self.requests[rid].host == ALTERNATE]
            topic = self.requests[members[0]].topic_key or members[0]
            gap_guard: list[cp_model.IntVar] = []
            if len(members) >= 2:
                gap = max(self.requests[rid].min_gap_days for rid in members)
                gap_guard = self.guard(f"gap:{name}", phrase("series_gap", topic=topic, gap=gap))
            alt_guard: list[cp_model.IntVar] = []
            if alternating:
                previous = self.requests[alternating[0]].previous_host
                alt_guard = self.guard(
                    f"alternation:{name}",
                    phrase("series_alternate_after", topic=topic, previous=previous)
                    if previous
                    else phrase("series_alternate", topic=topic),
                )
            before: dict[tuple[str, str], cp_model.IntVar] = {}
            for q in members:
                for r in members:
                    if q != r:
                        before[(q, r)] = model.new_bool_var(f"b_{q}_{r}")
            for q in members:
                for r in members:
                    if q >= r:
                        continue
                    both = model.new_bool_var(f"both_{q}_{r}")
                    model.add(both >= built.placed[q] + built.placed[r] - 1)
                    model.add(both <= built.placed[q])
                    model.add(both <= built.placed[r])
                    model.add(before[(q, r)] + before[(r, q)] == both)
            for (q, r), lit in before.items():
                rq, rr = self.requests[q], self.requests[r]
                model.add(lit <= built.placed[q])
                model.add(lit <= built.placed[r])
                g = max(rq.min_gap_days, rr.min_gap_days)
                # r starts after q's last day plus g free days.
                model.add(self._start(r) >= self._start(q) + rq.days + g).only_enforce_if(
                    [lit, *gap_guard]
                )
                if alt_guard:
                    model.add(self._start(r) >= self._start(q) + rq.days).only_enforce_if(
                        [lit, *alt_guard]
                    )
            for r in alternating:
                request = self.requests[r]
                # r is the first placed round: no other placed round before it.
                first = model.new_bool_var(f"first_{r}")
                model.add(first >= built.placed[r] - sum(before[(q, r)] for q in members if q != r))
                if request.previous_host in request.parties:
                    model.add(self._host_is(r, request.previous_host) == 0).only_enforce_if(
                        [first, *alt_guard]
                    )
                for q in members:
                    if q == r:
                        continue
                    immediate = model.new_bool_var(f"imm_{q}_{r}")
                    between = []
                    for s in members:
                        if s in (q, r):
                            continue
                        m = model.new_bool_var(f"m_{q}_{s}_{r}")
                        model.add(m <= before[(q, s)])
                        model.add(m <= before[(s, r)])
                        between.append(m)
                    model.add(immediate >= before[(q, r)] - sum(between))
                    for party in set(request.parties) & set(self.requests[q].parties):
                        model.add(
                            self._host_is(r, party) + self._host_is(q, party) <= 1
                        ).only_enforce_if([immediate, *alt_guard])

    def _balance(self) -> None:
        tolerance = self.problem.hosting_tolerance
        if tolerance is None:
            return
        pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
        for rid in self.free():
            a, b = sorted(self.requests[rid].parties)
            pairs[(a, b)].append(rid)
        for (a, b), rids in sorted(pairs.items()):
            if len(rids) <= tolerance:
                continue
            guard = self.guard(
                f"balance:{a}:{b}", phrase("balance", party_a=a, party_b=b, tolerance=tolerance)
            )
            # Integer counts, so that an odd number of rounds under a zero tolerance is
            # refuted by bounds propagation, not by search.
            model = self.built.model
            count = model.new_int_var(0, len(rids), f"rounds_{a}_{b}")
            hosted = model.new_int_var(0, len(rids), f"hosted_{a}_{b}")
            model.add(count == sum(self.built.placed[r] for r in rids))
            model.add(hosted == sum(self._host_is(r, a) for r in rids))
            model.add(2 * hosted - count <= tolerance).only_enforce_if(guard)
            model.add(2 * hosted - count >= -tolerance).only_enforce_if(guard)


def _monday(iso: tuple[int, int]) -> dt.date:
    return dt.date.fromisocalendar(iso[0], iso[1], 1)
