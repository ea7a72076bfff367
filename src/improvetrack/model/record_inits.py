"""The `__init__` of each record class, compiled ahead: see `records`.

Written by `python -m improvetrack.model.records`: do not edit. The names each uses
(`_MISSING`, a field's `_make_...`) are the globals `records.record` gives it.
"""


def _init_1(self, accepted, agreed, escalated, note):
    self.accepted = _make_accepted() if accepted is _MISSING else accepted
    self.agreed = _make_agreed() if agreed is _MISSING else agreed
    self.escalated = _make_escalated() if escalated is _MISSING else escalated
    self.note = note


def _init_2(self, action, field, old, new):
    self.action = action
    self.field = field
    self.old = old
    self.new = new


def _init_3(self, action, field, register, returned):
    self.action = action
    self.field = field
    self.register = register
    self.returned = returned


def _init_4(self, action, rag, overdue, late, baseline, slipped_days, reported, optimistic, pessimistic, reasons, due_soon, waits, stale, last_update_on):
    self.action = action
    self.rag = rag
    self.overdue = overdue
    self.late = late
    self.baseline = baseline
    self.slipped_days = slipped_days
    self.reported = reported
    self.optimistic = optimistic
    self.pessimistic = pessimistic
    self.reasons = reasons
    self.due_soon = due_soon
    self.waits = waits
    self.stale = stale
    self.last_update_on = last_update_on


def _init_5(self, action, row, ref):
    self.action = action
    self.row = row
    self.ref = ref


def _init_6(self, action, row, ref, differs, changes, conflicts):
    self.action = action
    self.row = row
    self.ref = ref
    self.differs = differs
    self.changes = changes
    self.conflicts = conflicts


def _init_7(self, actions, dropped, done, open, overdue, blocked, awaiting_sign_off, unowned, undated, late, due_by_now, progress, planned, rag, next_due, slipped, slipped_days, optimistic, stale, pessimistic):
    self.actions = actions
    self.dropped = dropped
    self.done = done
    self.open = open
    self.overdue = overdue
    self.blocked = blocked
    self.awaiting_sign_off = awaiting_sign_off
    self.unowned = unowned
    self.undated = undated
    self.late = late
    self.due_by_now = due_by_now
    self.progress = progress
    self.planned = planned
    self.rag = rag
    self.next_due = next_due
    self.slipped = slipped
    self.slipped_days = slipped_days
    self.optimistic = optimistic
    self.stale = stale
    self.pessimistic = pessimistic


def _init_8(self, area, behind):
    self.area = area
    self.behind = behind


def _init_9(self, area, differs, changes):
    self.area = area
    self.differs = differs
    self.changes = changes


def _init_10(self, area, measure, impact, course):
    self.area = area
    self.measure = measure
    self.impact = impact
    self.course = course


def _init_11(self, area, then, progress, rag):
    self.area = area
    self.then = then
    self.progress = progress
    self.rag = rag


def _init_12(self, area, totals, actions, impact, measures, forecast, trajectory):
    self.area = area
    self.totals = totals
    self.actions = actions
    self.impact = impact
    self.measures = measures
    self.forecast = forecast
    self.trajectory = trajectory


def _init_13(self, as_of, plan, inspection, totals, areas, actions, forecast, start, deadline, themes, subject, incomplete, starting, overdue, blocked, due_soon, held_up, stale, chain):
    self.as_of = as_of
    self.plan = plan
    self.inspection = inspection
    self.totals = totals
    self.areas = areas
    self.actions = actions
    self.forecast = forecast
    self.start = start
    self.deadline = deadline
    self.themes = themes
    self.subject = subject
    self.incomplete = _make_incomplete() if incomplete is _MISSING else incomplete
    self.starting = starting
    self.overdue = _make_overdue() if overdue is _MISSING else overdue
    self.blocked = _make_blocked() if blocked is _MISSING else blocked
    self.due_soon = _make_due_soon() if due_soon is _MISSING else due_soon
    self.held_up = _make_held_up() if held_up is _MISSING else held_up
    self.stale = _make_stale() if stale is _MISSING else stale
    self.chain = chain


def _init_14(self, as_of, plans, totals, failures, skipped, title):
    self.as_of = as_of
    self.plans = plans
    self.totals = totals
    self.failures = failures
    self.skipped = skipped
    self.title = title


def _init_15(self, at, by, text, field, old, new, user, extra):
    self.at = at
    self.by = by
    self.text = text
    self.field = field
    self.old = old
    self.new = new
    self.user = user
    self.extra = _make_extra() if extra is _MISSING else extra


def _init_16(self, baseline_on, target_by, baseline, readings, expected, trajectory, forecast, line, as_of):
    self.baseline_on = baseline_on
    self.target_by = target_by
    self.baseline = baseline
    self.readings = readings
    self.expected = expected
    self.trajectory = trajectory
    self.forecast = forecast
    self.line = line
    self.as_of = as_of


def _init_17(self, board, kind, item, text):
    self.board = board
    self.kind = kind
    self.item = item
    self.text = text


def _init_18(self, by, at, today, user):
    self.by = by
    self.at = at
    self.today = today
    self.user = user


def _init_19(self, code, path, facts, line):
    self.code = code
    self.path = path
    self.facts = facts
    self.line = line


def _init_20(self, code, rag, statuses, applies):
    self.code = code
    self.rag = rag
    self.statuses = statuses
    self.applies = applies


def _init_21(self, condition, ids, progress, planned):
    self.condition = condition
    self.ids = ids
    self.progress = progress
    self.planned = planned


def _init_22(self, content, actions, matched, added, warnings):
    self.content = content
    self.actions = actions
    self.matched = matched
    self.added = added
    self.warnings = _make_warnings() if warnings is _MISSING else warnings


def _init_23(self, data, matched, added, sheets, warnings):
    self.data = data
    self.matched = matched
    self.added = added
    self.sheets = sheets
    self.warnings = warnings


def _init_24(self, day, accepted, agreed, unchanged, escalated, board_added, written):
    self.day = day
    self.accepted = accepted
    self.agreed = agreed
    self.unchanged = unchanged
    self.escalated = escalated
    self.board_added = board_added
    self.written = _make_written() if written is _MISSING else written


def _init_25(self, day, estimated, latest):
    self.day = day
    self.estimated = estimated
    self.latest = latest


def _init_26(self, day, planned, done, projected):
    self.day = day
    self.planned = planned
    self.done = done
    self.projected = projected


def _init_27(self, day, register, incomplete):
    self.day = day
    self.register = register
    self.incomplete = incomplete


def _init_28(self, day, value):
    self.day = day
    self.value = value


def _init_29(self, done, planned):
    self.done = done
    self.planned = planned


def _init_30(self, due, what, overridden, counted_from, rule):
    self.due = due
    self.what = what
    self.overridden = overridden
    self.counted_from = counted_from
    self.rule = rule


def _init_31(self, due, baseline, timescale, loosely):
    self.due = due
    self.baseline = baseline
    self.timescale = timescale
    self.loosely = loosely


def _init_32(self, field, kept, said, changed):
    self.field = field
    self.kept = kept
    self.said = said
    self.changed = changed


def _init_33(self, fields, ignored, updates):
    self.fields = fields
    self.ignored = ignored
    self.updates = updates


def _init_34(self, file, owner, opened, already, late_days, changes, conflicts, warnings):
    self.file = file
    self.owner = owner
    self.opened = opened
    self.already = already
    self.late_days = late_days
    self.changes = _make_changes() if changes is _MISSING else changes
    self.conflicts = _make_conflicts() if conflicts is _MISSING else conflicts
    self.warnings = _make_warnings() if warnings is _MISSING else warnings


def _init_35(self, head, cells, css):
    self.head = head
    self.cells = cells
    self.css = css


def _init_36(self, id, area, title, status, owner, due, created, completed, signed_off_by, measure, evidence, blocked_reason, dropped_reason, log, extra, baseline_due, timescale, ref, rag, rag_reason, after):
    self.id = id
    self.area = area
    self.title = title
    self.status = status
    self.owner = owner
    self.due = due
    self.created = created
    self.completed = completed
    self.signed_off_by = signed_off_by
    self.measure = measure
    self.evidence = _make_evidence() if evidence is _MISSING else evidence
    self.blocked_reason = blocked_reason
    self.dropped_reason = dropped_reason
    self.log = _make_log() if log is _MISSING else log
    self.extra = _make_extra() if extra is _MISSING else extra
    self.baseline_due = baseline_due
    self.timescale = timescale
    self.ref = ref
    self.rag = rag
    self.rag_reason = rag_reason
    self.after = _make_after() if after is _MISSING else after


def _init_37(self, id, inspectorates, frameworks, judgements, sets, what, source, days, kind, counted_from, either_side, verified):
    self.id = id
    self.inspectorates = inspectorates
    self.frameworks = frameworks
    self.judgements = judgements
    self.sets = sets
    self.what = what
    self.source = source
    self.days = days
    self.kind = kind
    self.counted_from = counted_from
    self.either_side = either_side
    self.verified = verified


def _init_38(self, id, logged, warnings):
    self.id = id
    self.logged = logged
    self.warnings = warnings


def _init_39(self, id, ref, area, action, agreed, due, status, rag, reason):
    self.id = id
    self.ref = ref
    self.area = area
    self.action = action
    self.agreed = agreed
    self.due = due
    self.status = status
    self.rag = rag
    self.reason = reason


def _init_40(self, id, row, status, rag, reason, update, revised, evidence, cells, locked):
    self.id = id
    self.row = row
    self.status = status
    self.rag = rag
    self.reason = reason
    self.update = update
    self.revised = revised
    self.evidence = evidence
    self.cells = cells
    self.locked = locked


def _init_41(self, id, values):
    self.id = id
    self.values = values


def _init_42(self, ids, ends):
    self.ids = ids
    self.ends = ends


def _init_43(self, inspectorate, framework, working_days, counts_from, what, source, id, rule, school):
    self.inspectorate = inspectorate
    self.framework = framework
    self.working_days = working_days
    self.counts_from = counts_from
    self.what = what
    self.source = source
    self.id = id
    self.rule = rule
    self.school = school


def _init_44(self, item, old, new, days):
    self.item = item
    self.old = old
    self.new = new
    self.days = days


def _init_45(self, item, then, now, direction):
    self.item = item
    self.then = then
    self.now = now
    self.direction = direction


def _init_46(self, key, items, details, days, listed, show_update):
    self.key = key
    self.items = items
    self.details = details
    self.days = days
    self.listed = listed
    self.show_update = show_update


def _init_47(self, key, label, day):
    self.key = key
    self.label = label
    self.day = day


def _init_48(self, key, label, points):
    self.key = key
    self.label = label
    self.points = points


def _init_49(self, key, label, value):
    self.key = key
    self.label = label
    self.value = value


def _init_50(self, key, title, finding, lead, prefix, measures, extra, last_id, ref, theme, sponsor, log):
    self.key = key
    self.title = title
    self.finding = finding
    self.lead = lead
    self.prefix = prefix
    self.measures = _make_measures() if measures is _MISSING else measures
    self.extra = _make_extra() if extra is _MISSING else extra
    self.last_id = last_id
    self.ref = ref
    self.theme = theme
    self.sponsor = sponsor
    self.log = _make_log() if log is _MISSING else log


def _init_51(self, kinds, board, note):
    self.kinds = kinds
    self.board = board
    self.note = note


def _init_52(self, label, css):
    self.label = label
    self.css = css


def _init_53(self, measure, then, direction):
    self.measure = measure
    self.then = then
    self.direction = direction


def _init_54(self, name, areas, totals):
    self.name = name
    self.areas = areas
    self.totals = totals


def _init_55(self, name, unit, baseline, target, current, direction, updated, history, extra, baseline_on, target_by):
    self.name = name
    self.unit = unit
    self.baseline = baseline
    self.target = target
    self.current = current
    self.direction = direction
    self.updated = updated
    self.history = _make_history() if history is _MISSING else history
    self.extra = _make_extra() if extra is _MISSING else extra
    self.baseline_on = baseline_on
    self.target_by = target_by


def _init_56(self, number, area, title, status, id, ref, owner, due, baseline_due, timescale, rag, rag_reason, measure, evidence, reason, completed, signed_off_by, updates):
    self.number = number
    self.area = area
    self.title = title
    self.status = status
    self.id = id
    self.ref = ref
    self.owner = owner
    self.due = due
    self.baseline_due = baseline_due
    self.timescale = timescale
    self.rag = rag
    self.rag_reason = rag_reason
    self.measure = measure
    self.evidence = evidence
    self.reason = reason
    self.completed = completed
    self.signed_off_by = signed_off_by
    self.updates = updates


def _init_57(self, number, field, message, where):
    self.number = number
    self.field = field
    self.message = message
    self.where = where


def _init_58(self, number, field, note):
    self.number = number
    self.field = field
    self.note = note


def _init_59(self, number, year, first, last):
    self.number = number
    self.year = year
    self.first = first
    self.last = last


def _init_60(self, old, new):
    self.old = old
    self.new = new


def _init_61(self, old, new, days):
    self.old = old
    self.new = new
    self.days = days


def _init_62(self, on, by, rag, reason):
    self.on = on
    self.by = by
    self.rag = rag
    self.reason = reason


def _init_63(self, on, by, text):
    self.on = on
    self.by = by
    self.text = text


def _init_64(self, on, text):
    self.on = on
    self.text = text


def _init_65(self, on, value, extra):
    self.on = on
    self.value = value
    self.extra = _make_extra() if extra is _MISSING else extra


def _init_66(self, opened, due, board, leads):
    self.opened = opened
    self.due = due
    self.board = board
    self.leads = leads


def _init_67(self, opened, due, board, opened_now, files, unowned):
    self.opened = opened
    self.due = due
    self.board = board
    self.opened_now = opened_now
    self.files = files
    self.unowned = _make_unowned() if unowned is _MISSING else unowned


def _init_68(self, opened, due, board, asked, returns, extra):
    self.opened = opened
    self.due = due
    self.board = board
    self.asked = _make_asked() if asked is _MISSING else asked
    self.returns = _make_returns() if returns is _MISSING else returns
    self.extra = _make_extra() if extra is _MISSING else extra


def _init_69(self, origin, value, slope):
    self.origin = origin
    self.value = value
    self.slope = slope


def _init_70(self, owner, actions, returned_on, files, days_late):
    self.owner = owner
    self.actions = actions
    self.returned_on = returned_on
    self.files = _make_files() if files is _MISSING else files
    self.days_late = days_late


def _init_71(self, owner, actions, extra):
    self.owner = owner
    self.actions = _make_actions() if actions is _MISSING else actions
    self.extra = _make_extra() if extra is _MISSING else extra


def _init_72(self, owner, on, file, actions, digest, extra):
    self.owner = owner
    self.on = on
    self.file = file
    self.actions = _make_actions() if actions is _MISSING else actions
    self.digest = digest
    self.extra = _make_extra() if extra is _MISSING else extra


def _init_73(self, part, rows, columns, merged):
    self.part = part
    self.rows = rows
    self.columns = columns
    self.merged = _make_merged() if merged is _MISSING else merged


def _init_74(self, path, errors, findings):
    self.path = path
    self.errors = errors
    self.findings = findings


def _init_75(self, path, known):
    self.path = path
    self.known = known


def _init_76(self, path, message):
    self.path = path
    self.message = message


def _init_77(self, path, message, ours, theirs, base):
    self.path = path
    self.message = message
    self.ours = ours
    self.theirs = theirs
    self.base = base


def _init_78(self, path, plan_id, opened, owner, rows, base, warnings, digest):
    self.path = path
    self.plan_id = plan_id
    self.opened = opened
    self.owner = owner
    self.rows = rows
    self.base = base
    self.warnings = _make_warnings() if warnings is _MISSING else warnings
    self.digest = digest


def _init_79(self, path, status):
    self.path = path
    self.status = status


def _init_80(self, plan, areas, actions, schema, extra):
    self.plan = plan
    self.areas = _make_areas() if areas is _MISSING else areas
    self.actions = _make_actions() if actions is _MISSING else actions
    self.schema = schema
    self.extra = _make_extra() if extra is _MISSING else extra


def _init_81(self, plan_id, plan_title, opened, due, board, owner, file, made, rows):
    self.plan_id = plan_id
    self.plan_title = plan_title
    self.opened = opened
    self.due = due
    self.board = board
    self.owner = owner
    self.file = file
    self.made = made
    self.rows = rows


def _init_82(self, quarters, actions, measures):
    self.quarters = quarters
    self.actions = actions
    self.measures = measures


def _init_83(self, reaches_target_on, in_time):
    self.reaches_target_on = reaches_target_on
    self.in_time = in_time


def _init_84(self, register, path, text, document, warnings):
    self.register = register
    self.path = path
    self.text = text
    self.document = document
    self.warnings = warnings


def _init_85(self, register, renumbered, conflicts):
    self.register = register
    self.renumbered = _make_renumbered() if renumbered is _MISSING else renumbered
    self.conflicts = _make_conflicts() if conflicts is _MISSING else conflicts


def _init_86(self, report, content, failures):
    self.report = report
    self.content = content
    self.failures = failures


def _init_87(self, reported, computed, reason):
    self.reported = reported
    self.computed = computed
    self.reason = reason


def _init_88(self, returns, warnings, dry_run):
    self.returns = returns
    self.warnings = warnings
    self.dry_run = dry_run


def _init_89(self, rollup, content, failures, skipped):
    self.rollup = rollup
    self.content = content
    self.failures = failures
    self.skipped = skipped


def _init_90(self, row, text, ref, title, theme, sponsor, heading):
    self.row = row
    self.text = text
    self.ref = ref
    self.title = title
    self.theme = theme
    self.sponsor = sponsor
    self.heading = heading


def _init_91(self, rule, start, end):
    self.rule = rule
    self.start = start
    self.end = end


def _init_92(self, sheet, address, column):
    self.sheet = sheet
    self.address = address
    self.column = column


def _init_93(self, sheets):
    self.sheets = _make_sheets() if sheets is _MISSING else sheets


def _init_94(self, since, board, then, now, rag_moves, reported_moves, completed, added, dropped, blocked, unblocked, slipped, updates, areas, measures, decided):
    self.since = since
    self.board = board
    self.then = then
    self.now = now
    self.rag_moves = rag_moves
    self.reported_moves = reported_moves
    self.completed = completed
    self.added = added
    self.dropped = dropped
    self.blocked = blocked
    self.unblocked = unblocked
    self.slipped = slipped
    self.updates = updates
    self.areas = areas
    self.measures = measures
    self.decided = _make_decided() if decided is _MISSING else decided


def _init_95(self, source, areas, actions, found, skipped, update, areas_found, plan_title, dated):
    self.source = source
    self.areas = areas
    self.actions = actions
    self.found = found
    self.skipped = skipped
    self.update = update
    self.areas_found = _make_areas_found() if areas_found is _MISSING else areas_found
    self.plan_title = plan_title
    self.dated = dated


def _init_96(self, source, name, sheet, rows, guarded, spans, fill, formula, notes, hidden):
    self.source = source
    self.name = name
    self.sheet = sheet
    self.rows = rows
    self.guarded = guarded
    self.spans = _make_spans() if spans is _MISSING else spans
    self.fill = fill
    self.formula = formula
    self.notes = _make_notes() if notes is _MISSING else notes
    self.hidden = hidden


def _init_97(self, source, name, worksheet, header_row, columns, rows, problems, ignored, fields, titles, banners, areas, themes, skipped, loose, notes, dated):
    self.source = source
    self.name = name
    self.worksheet = worksheet
    self.header_row = header_row
    self.columns = columns
    self.rows = rows
    self.problems = problems
    self.ignored = ignored
    self.fields = fields
    self.titles = _make_titles() if titles is _MISSING else titles
    self.banners = _make_banners() if banners is _MISSING else banners
    self.areas = _make_areas() if areas is _MISSING else areas
    self.themes = _make_themes() if themes is _MISSING else themes
    self.skipped = _make_skipped() if skipped is _MISSING else skipped
    self.loose = _make_loose() if loose is _MISSING else loose
    self.notes = _make_notes() if notes is _MISSING else notes
    self.dated = dated


def _init_98(self, start, as_of, inspection, live, planned, completed, done, rate):
    self.start = start
    self.as_of = as_of
    self.inspection = inspection
    self.live = live
    self.planned = planned
    self.completed = completed
    self.done = done
    self.rate = rate


def _init_99(self, status, area, rag_history, updates, related):
    self.status = status
    self.area = area
    self.rag_history = rag_history
    self.updates = updates
    self.related = _make_related() if related is _MISSING else related


def _init_100(self, status, rag, why):
    self.status = status
    self.rag = rag
    self.why = why


def _init_101(self, status, timeline, decisions, why, overdue, blocked, due_soon, exceptions, changes, changed, findings, failures, impact_behind, round):
    self.status = status
    self.timeline = timeline
    self.decisions = decisions
    self.why = why
    self.overdue = overdue
    self.blocked = blocked
    self.due_soon = due_soon
    self.exceptions = exceptions
    self.changes = changes
    self.changed = changed
    self.findings = findings
    self.failures = failures
    self.impact_behind = _make_impact_behind() if impact_behind is _MISSING else impact_behind
    self.round = round


def _init_102(self, table, header, columns, quarters, year, on):
    self.table = table
    self.header = header
    self.columns = columns
    self.quarters = quarters
    self.year = year
    self.on = on


def _init_103(self, then, now, direction):
    self.then = then
    self.now = now
    self.direction = direction


def _init_104(self, title, column, note, cell):
    self.title = title
    self.column = column
    self.note = note
    self.cell = cell


def _init_105(self, title, first, last, low, high, series, levels, markers, x_ticks, y_ticks, sentence, header, rows):
    self.title = title
    self.first = first
    self.last = last
    self.low = low
    self.high = high
    self.series = series
    self.levels = levels
    self.markers = markers
    self.x_ticks = x_ticks
    self.y_ticks = y_ticks
    self.sentence = sentence
    self.header = header
    self.rows = rows


def _init_106(self, title, id, organisation, inspectorate, framework, judgement, inspected, received, published, start, next_inspection, action_plan_due, require_sign_off, extra, boards, subject, school_holidays, log, rounds, stale_after):
    self.title = title
    self.id = id
    self.organisation = organisation
    self.inspectorate = inspectorate
    self.framework = framework
    self.judgement = judgement
    self.inspected = inspected
    self.received = received
    self.published = published
    self.start = start
    self.next_inspection = next_inspection
    self.action_plan_due = action_plan_due
    self.require_sign_off = require_sign_off
    self.extra = _make_extra() if extra is _MISSING else extra
    self.boards = _make_boards() if boards is _MISSING else boards
    self.subject = subject
    self.school_holidays = _make_school_holidays() if school_holidays is _MISSING else school_holidays
    self.log = _make_log() if log is _MISSING else log
    self.rounds = _make_rounds() if rounds is _MISSING else rounds
    self.stale_after = stale_after


def _init_107(self, title, owner, due, status, measure, note, evidence, clear_due, ref, timescale, rag, reason, progress, on, due_from, after, not_after, completed):
    self.title = title
    self.owner = owner
    self.due = due
    self.status = status
    self.measure = measure
    self.note = note
    self.evidence = evidence
    self.clear_due = clear_due
    self.ref = ref
    self.timescale = timescale
    self.rag = rag
    self.reason = reason
    self.progress = progress
    self.on = on
    self.due_from = due_from
    self.after = after
    self.not_after = not_after
    self.completed = completed


def _init_108(self, value, source):
    self.value = value
    self.source = source


def _init_109(self, waiting_for, needed_by, projected, held_by, undated):
    self.waiting_for = waiting_for
    self.needed_by = needed_by
    self.projected = projected
    self.held_by = held_by
    self.undated = undated


def _init_110(self, width, colour):
    self.width = width
    self.colour = colour


def _init_111(self, window_start, window_days, completed, live, done, remaining, inspection):
    self.window_start = window_start
    self.window_days = window_days
    self.completed = completed
    self.live = live
    self.done = done
    self.remaining = remaining
    self.inspection = inspection


WRITTEN = {
    "def __init__(self, accepted=_MISSING, agreed=_MISSING, escalated=_MISSING, note=_default_note):\n    self.accepted = _make_accepted() if accepted is _MISSING else accepted\n    self.agreed = _make_agreed() if agreed is _MISSING else agreed\n    self.escalated = _make_escalated() if escalated is _MISSING else escalated\n    self.note = note": _init_1,
    "def __init__(self, action, field, old, new):\n    self.action = action\n    self.field = field\n    self.old = old\n    self.new = new": _init_2,
    "def __init__(self, action, field, register, returned):\n    self.action = action\n    self.field = field\n    self.register = register\n    self.returned = returned": _init_3,
    "def __init__(self, action, rag, overdue, late, baseline=_default_baseline, slipped_days=_default_slipped_days, reported=_default_reported, optimistic=_default_optimistic, pessimistic=_default_pessimistic, reasons=_default_reasons, due_soon=_default_due_soon, waits=_default_waits, stale=_default_stale, last_update_on=_default_last_update_on):\n    self.action = action\n    self.rag = rag\n    self.overdue = overdue\n    self.late = late\n    self.baseline = baseline\n    self.slipped_days = slipped_days\n    self.reported = reported\n    self.optimistic = optimistic\n    self.pessimistic = pessimistic\n    self.reasons = reasons\n    self.due_soon = due_soon\n    self.waits = waits\n    self.stale = stale\n    self.last_update_on = last_update_on": _init_4,
    "def __init__(self, action, row, ref):\n    self.action = action\n    self.row = row\n    self.ref = ref": _init_5,
    "def __init__(self, action, row, ref, differs, changes, conflicts=_default_conflicts):\n    self.action = action\n    self.row = row\n    self.ref = ref\n    self.differs = differs\n    self.changes = changes\n    self.conflicts = conflicts": _init_6,
    "def __init__(self, actions, dropped, done, open, overdue, blocked, awaiting_sign_off, unowned, undated, late, due_by_now, progress, planned, rag, next_due, slipped=_default_slipped, slipped_days=_default_slipped_days, optimistic=_default_optimistic, stale=_default_stale, pessimistic=_default_pessimistic):\n    self.actions = actions\n    self.dropped = dropped\n    self.done = done\n    self.open = open\n    self.overdue = overdue\n    self.blocked = blocked\n    self.awaiting_sign_off = awaiting_sign_off\n    self.unowned = unowned\n    self.undated = undated\n    self.late = late\n    self.due_by_now = due_by_now\n    self.progress = progress\n    self.planned = planned\n    self.rag = rag\n    self.next_due = next_due\n    self.slipped = slipped\n    self.slipped_days = slipped_days\n    self.optimistic = optimistic\n    self.stale = stale\n    self.pessimistic = pessimistic": _init_7,
    "def __init__(self, area, behind):\n    self.area = area\n    self.behind = behind": _init_8,
    "def __init__(self, area, differs, changes):\n    self.area = area\n    self.differs = differs\n    self.changes = changes": _init_9,
    "def __init__(self, area, measure, impact, course=_default_course):\n    self.area = area\n    self.measure = measure\n    self.impact = impact\n    self.course = course": _init_10,
    "def __init__(self, area, then, progress, rag):\n    self.area = area\n    self.then = then\n    self.progress = progress\n    self.rag = rag": _init_11,
    "def __init__(self, area, totals, actions, impact, measures, forecast, trajectory=_default_trajectory):\n    self.area = area\n    self.totals = totals\n    self.actions = actions\n    self.impact = impact\n    self.measures = measures\n    self.forecast = forecast\n    self.trajectory = trajectory": _init_12,
    "def __init__(self, as_of, plan, inspection, totals, areas, actions, forecast, start, deadline, themes, subject, incomplete=_MISSING, starting=_default_starting, overdue=_MISSING, blocked=_MISSING, due_soon=_MISSING, held_up=_MISSING, stale=_MISSING, chain=_default_chain):\n    self.as_of = as_of\n    self.plan = plan\n    self.inspection = inspection\n    self.totals = totals\n    self.areas = areas\n    self.actions = actions\n    self.forecast = forecast\n    self.start = start\n    self.deadline = deadline\n    self.themes = themes\n    self.subject = subject\n    self.incomplete = _make_incomplete() if incomplete is _MISSING else incomplete\n    self.starting = starting\n    self.overdue = _make_overdue() if overdue is _MISSING else overdue\n    self.blocked = _make_blocked() if blocked is _MISSING else blocked\n    self.due_soon = _make_due_soon() if due_soon is _MISSING else due_soon\n    self.held_up = _make_held_up() if held_up is _MISSING else held_up\n    self.stale = _make_stale() if stale is _MISSING else stale\n    self.chain = chain": _init_13,
    "def __init__(self, as_of, plans, totals, failures, skipped, title):\n    self.as_of = as_of\n    self.plans = plans\n    self.totals = totals\n    self.failures = failures\n    self.skipped = skipped\n    self.title = title": _init_14,
    "def __init__(self, at, by, text, field=_default_field, old=_default_old, new=_default_new, user=_default_user, extra=_MISSING):\n    self.at = at\n    self.by = by\n    self.text = text\n    self.field = field\n    self.old = old\n    self.new = new\n    self.user = user\n    self.extra = _make_extra() if extra is _MISSING else extra": _init_15,
    "def __init__(self, baseline_on, target_by, baseline, readings, expected, trajectory, forecast, line, as_of=_default_as_of):\n    self.baseline_on = baseline_on\n    self.target_by = target_by\n    self.baseline = baseline\n    self.readings = readings\n    self.expected = expected\n    self.trajectory = trajectory\n    self.forecast = forecast\n    self.line = line\n    self.as_of = as_of": _init_16,
    "def __init__(self, board, kind, item, text):\n    self.board = board\n    self.kind = kind\n    self.item = item\n    self.text = text": _init_17,
    "def __init__(self, by, at, today, user=_default_user):\n    self.by = by\n    self.at = at\n    self.today = today\n    self.user = user": _init_18,
    "def __init__(self, code, path, facts, line=_default_line):\n    self.code = code\n    self.path = path\n    self.facts = facts\n    self.line = line": _init_19,
    "def __init__(self, code, rag, statuses, applies):\n    self.code = code\n    self.rag = rag\n    self.statuses = statuses\n    self.applies = applies": _init_20,
    "def __init__(self, condition, ids, progress=_default_progress, planned=_default_planned):\n    self.condition = condition\n    self.ids = ids\n    self.progress = progress\n    self.planned = planned": _init_21,
    "def __init__(self, content, actions, matched=_default_matched, added=_default_added, warnings=_MISSING):\n    self.content = content\n    self.actions = actions\n    self.matched = matched\n    self.added = added\n    self.warnings = _make_warnings() if warnings is _MISSING else warnings": _init_22,
    "def __init__(self, data, matched, added, sheets, warnings):\n    self.data = data\n    self.matched = matched\n    self.added = added\n    self.sheets = sheets\n    self.warnings = warnings": _init_23,
    "def __init__(self, day, accepted, agreed, unchanged, escalated, board_added, written=_MISSING):\n    self.day = day\n    self.accepted = accepted\n    self.agreed = agreed\n    self.unchanged = unchanged\n    self.escalated = escalated\n    self.board_added = board_added\n    self.written = _make_written() if written is _MISSING else written": _init_24,
    "def __init__(self, day, estimated=_default_estimated, latest=_default_latest):\n    self.day = day\n    self.estimated = estimated\n    self.latest = latest": _init_25,
    "def __init__(self, day, planned, done, projected):\n    self.day = day\n    self.planned = planned\n    self.done = done\n    self.projected = projected": _init_26,
    "def __init__(self, day, register, incomplete):\n    self.day = day\n    self.register = register\n    self.incomplete = incomplete": _init_27,
    "def __init__(self, day, value):\n    self.day = day\n    self.value = value": _init_28,
    "def __init__(self, done, planned):\n    self.done = done\n    self.planned = planned": _init_29,
    "def __init__(self, due, what, overridden, counted_from=_default_counted_from, rule=_default_rule):\n    self.due = due\n    self.what = what\n    self.overridden = overridden\n    self.counted_from = counted_from\n    self.rule = rule": _init_30,
    "def __init__(self, due=_default_due, baseline=_default_baseline, timescale=_default_timescale, loosely=_default_loosely):\n    self.due = due\n    self.baseline = baseline\n    self.timescale = timescale\n    self.loosely = loosely": _init_31,
    "def __init__(self, field, kept, said, changed):\n    self.field = field\n    self.kept = kept\n    self.said = said\n    self.changed = changed": _init_32,
    "def __init__(self, fields, ignored, updates):\n    self.fields = fields\n    self.ignored = ignored\n    self.updates = updates": _init_33,
    "def __init__(self, file, owner, opened, already=_default_already, late_days=_default_late_days, changes=_MISSING, conflicts=_MISSING, warnings=_MISSING):\n    self.file = file\n    self.owner = owner\n    self.opened = opened\n    self.already = already\n    self.late_days = late_days\n    self.changes = _make_changes() if changes is _MISSING else changes\n    self.conflicts = _make_conflicts() if conflicts is _MISSING else conflicts\n    self.warnings = _make_warnings() if warnings is _MISSING else warnings": _init_34,
    "def __init__(self, head, cells, css=_default_css):\n    self.head = head\n    self.cells = cells\n    self.css = css": _init_35,
    "def __init__(self, id, area, title, status=_default_status, owner=_default_owner, due=_default_due, created=_default_created, completed=_default_completed, signed_off_by=_default_signed_off_by, measure=_default_measure, evidence=_MISSING, blocked_reason=_default_blocked_reason, dropped_reason=_default_dropped_reason, log=_MISSING, extra=_MISSING, baseline_due=_default_baseline_due, timescale=_default_timescale, ref=_default_ref, rag=_default_rag, rag_reason=_default_rag_reason, after=_MISSING):\n    self.id = id\n    self.area = area\n    self.title = title\n    self.status = status\n    self.owner = owner\n    self.due = due\n    self.created = created\n    self.completed = completed\n    self.signed_off_by = signed_off_by\n    self.measure = measure\n    self.evidence = _make_evidence() if evidence is _MISSING else evidence\n    self.blocked_reason = blocked_reason\n    self.dropped_reason = dropped_reason\n    self.log = _make_log() if log is _MISSING else log\n    self.extra = _make_extra() if extra is _MISSING else extra\n    self.baseline_due = baseline_due\n    self.timescale = timescale\n    self.ref = ref\n    self.rag = rag\n    self.rag_reason = rag_reason\n    self.after = _make_after() if after is _MISSING else after": _init_36,
    "def __init__(self, id, inspectorates, frameworks, judgements, sets, what, source, days=_default_days, kind=_default_kind, counted_from=_default_counted_from, either_side=_default_either_side, verified=_default_verified):\n    self.id = id\n    self.inspectorates = inspectorates\n    self.frameworks = frameworks\n    self.judgements = judgements\n    self.sets = sets\n    self.what = what\n    self.source = source\n    self.days = days\n    self.kind = kind\n    self.counted_from = counted_from\n    self.either_side = either_side\n    self.verified = verified": _init_37,
    "def __init__(self, id, logged, warnings):\n    self.id = id\n    self.logged = logged\n    self.warnings = warnings": _init_38,
    "def __init__(self, id, ref, area, action, agreed, due, status, rag, reason):\n    self.id = id\n    self.ref = ref\n    self.area = area\n    self.action = action\n    self.agreed = agreed\n    self.due = due\n    self.status = status\n    self.rag = rag\n    self.reason = reason": _init_39,
    "def __init__(self, id, row, status, rag, reason, update, revised, evidence, cells, locked):\n    self.id = id\n    self.row = row\n    self.status = status\n    self.rag = rag\n    self.reason = reason\n    self.update = update\n    self.revised = revised\n    self.evidence = evidence\n    self.cells = cells\n    self.locked = locked": _init_40,
    "def __init__(self, id, values):\n    self.id = id\n    self.values = values": _init_41,
    "def __init__(self, ids, ends):\n    self.ids = ids\n    self.ends = ends": _init_42,
    "def __init__(self, inspectorate, framework, working_days, counts_from, what, source, id=_default_id, rule=_default_rule, school=_default_school):\n    self.inspectorate = inspectorate\n    self.framework = framework\n    self.working_days = working_days\n    self.counts_from = counts_from\n    self.what = what\n    self.source = source\n    self.id = id\n    self.rule = rule\n    self.school = school": _init_43,
    "def __init__(self, item, old, new, days):\n    self.item = item\n    self.old = old\n    self.new = new\n    self.days = days": _init_44,
    "def __init__(self, item, then, now, direction):\n    self.item = item\n    self.then = then\n    self.now = now\n    self.direction = direction": _init_45,
    "def __init__(self, key, items, details, days=_default_days, listed=_default_listed, show_update=_default_show_update):\n    self.key = key\n    self.items = items\n    self.details = details\n    self.days = days\n    self.listed = listed\n    self.show_update = show_update": _init_46,
    "def __init__(self, key, label, day):\n    self.key = key\n    self.label = label\n    self.day = day": _init_47,
    "def __init__(self, key, label, points):\n    self.key = key\n    self.label = label\n    self.points = points": _init_48,
    "def __init__(self, key, label, value):\n    self.key = key\n    self.label = label\n    self.value = value": _init_49,
    "def __init__(self, key, title, finding=_default_finding, lead=_default_lead, prefix=_default_prefix, measures=_MISSING, extra=_MISSING, last_id=_default_last_id, ref=_default_ref, theme=_default_theme, sponsor=_default_sponsor, log=_MISSING):\n    self.key = key\n    self.title = title\n    self.finding = finding\n    self.lead = lead\n    self.prefix = prefix\n    self.measures = _make_measures() if measures is _MISSING else measures\n    self.extra = _make_extra() if extra is _MISSING else extra\n    self.last_id = last_id\n    self.ref = ref\n    self.theme = theme\n    self.sponsor = sponsor\n    self.log = _make_log() if log is _MISSING else log": _init_50,
    "def __init__(self, kinds, board, note):\n    self.kinds = kinds\n    self.board = board\n    self.note = note": _init_51,
    "def __init__(self, label, css=_default_css):\n    self.label = label\n    self.css = css": _init_52,
    "def __init__(self, measure, then, direction):\n    self.measure = measure\n    self.then = then\n    self.direction = direction": _init_53,
    "def __init__(self, name, areas, totals):\n    self.name = name\n    self.areas = areas\n    self.totals = totals": _init_54,
    "def __init__(self, name, unit=_default_unit, baseline=_default_baseline, target=_default_target, current=_default_current, direction=_default_direction, updated=_default_updated, history=_MISSING, extra=_MISSING, baseline_on=_default_baseline_on, target_by=_default_target_by):\n    self.name = name\n    self.unit = unit\n    self.baseline = baseline\n    self.target = target\n    self.current = current\n    self.direction = direction\n    self.updated = updated\n    self.history = _make_history() if history is _MISSING else history\n    self.extra = _make_extra() if extra is _MISSING else extra\n    self.baseline_on = baseline_on\n    self.target_by = target_by": _init_55,
    "def __init__(self, number, area, title, status, id=_default_id, ref=_default_ref, owner=_default_owner, due=_default_due, baseline_due=_default_baseline_due, timescale=_default_timescale, rag=_default_rag, rag_reason=_default_rag_reason, measure=_default_measure, evidence=_default_evidence, reason=_default_reason, completed=_default_completed, signed_off_by=_default_signed_off_by, updates=_default_updates):\n    self.number = number\n    self.area = area\n    self.title = title\n    self.status = status\n    self.id = id\n    self.ref = ref\n    self.owner = owner\n    self.due = due\n    self.baseline_due = baseline_due\n    self.timescale = timescale\n    self.rag = rag\n    self.rag_reason = rag_reason\n    self.measure = measure\n    self.evidence = evidence\n    self.reason = reason\n    self.completed = completed\n    self.signed_off_by = signed_off_by\n    self.updates = updates": _init_56,
    "def __init__(self, number, field, message, where=_default_where):\n    self.number = number\n    self.field = field\n    self.message = message\n    self.where = where": _init_57,
    "def __init__(self, number, field, note):\n    self.number = number\n    self.field = field\n    self.note = note": _init_58,
    "def __init__(self, number, year, first, last):\n    self.number = number\n    self.year = year\n    self.first = first\n    self.last = last": _init_59,
    "def __init__(self, old, new):\n    self.old = old\n    self.new = new": _init_60,
    "def __init__(self, old, new, days):\n    self.old = old\n    self.new = new\n    self.days = days": _init_61,
    "def __init__(self, on, by, rag, reason):\n    self.on = on\n    self.by = by\n    self.rag = rag\n    self.reason = reason": _init_62,
    "def __init__(self, on, by, text):\n    self.on = on\n    self.by = by\n    self.text = text": _init_63,
    "def __init__(self, on, text):\n    self.on = on\n    self.text = text": _init_64,
    "def __init__(self, on, value, extra=_MISSING):\n    self.on = on\n    self.value = value\n    self.extra = _make_extra() if extra is _MISSING else extra": _init_65,
    "def __init__(self, opened, due, board, leads):\n    self.opened = opened\n    self.due = due\n    self.board = board\n    self.leads = leads": _init_66,
    "def __init__(self, opened, due, board, opened_now, files, unowned=_MISSING):\n    self.opened = opened\n    self.due = due\n    self.board = board\n    self.opened_now = opened_now\n    self.files = files\n    self.unowned = _make_unowned() if unowned is _MISSING else unowned": _init_67,
    "def __init__(self, opened, due, board=_default_board, asked=_MISSING, returns=_MISSING, extra=_MISSING):\n    self.opened = opened\n    self.due = due\n    self.board = board\n    self.asked = _make_asked() if asked is _MISSING else asked\n    self.returns = _make_returns() if returns is _MISSING else returns\n    self.extra = _make_extra() if extra is _MISSING else extra": _init_68,
    "def __init__(self, origin, value, slope):\n    self.origin = origin\n    self.value = value\n    self.slope = slope": _init_69,
    "def __init__(self, owner, actions, returned_on, files=_MISSING, days_late=_default_days_late):\n    self.owner = owner\n    self.actions = actions\n    self.returned_on = returned_on\n    self.files = _make_files() if files is _MISSING else files\n    self.days_late = days_late": _init_70,
    "def __init__(self, owner, actions=_MISSING, extra=_MISSING):\n    self.owner = owner\n    self.actions = _make_actions() if actions is _MISSING else actions\n    self.extra = _make_extra() if extra is _MISSING else extra": _init_71,
    "def __init__(self, owner, on, file, actions=_MISSING, digest=_default_digest, extra=_MISSING):\n    self.owner = owner\n    self.on = on\n    self.file = file\n    self.actions = _make_actions() if actions is _MISSING else actions\n    self.digest = digest\n    self.extra = _make_extra() if extra is _MISSING else extra": _init_72,
    "def __init__(self, part, rows=_default_rows, columns=_default_columns, merged=_MISSING):\n    self.part = part\n    self.rows = rows\n    self.columns = columns\n    self.merged = _make_merged() if merged is _MISSING else merged": _init_73,
    "def __init__(self, path, errors, findings):\n    self.path = path\n    self.errors = errors\n    self.findings = findings": _init_74,
    "def __init__(self, path, known):\n    self.path = path\n    self.known = known": _init_75,
    "def __init__(self, path, message):\n    self.path = path\n    self.message = message": _init_76,
    "def __init__(self, path, message, ours=_default_ours, theirs=_default_theirs, base=_default_base):\n    self.path = path\n    self.message = message\n    self.ours = ours\n    self.theirs = theirs\n    self.base = base": _init_77,
    "def __init__(self, path, plan_id, opened, owner, rows, base, warnings=_MISSING, digest=_default_digest):\n    self.path = path\n    self.plan_id = plan_id\n    self.opened = opened\n    self.owner = owner\n    self.rows = rows\n    self.base = base\n    self.warnings = _make_warnings() if warnings is _MISSING else warnings\n    self.digest = digest": _init_78,
    "def __init__(self, path, status):\n    self.path = path\n    self.status = status": _init_79,
    "def __init__(self, plan, areas=_MISSING, actions=_MISSING, schema=_default_schema, extra=_MISSING):\n    self.plan = plan\n    self.areas = _make_areas() if areas is _MISSING else areas\n    self.actions = _make_actions() if actions is _MISSING else actions\n    self.schema = schema\n    self.extra = _make_extra() if extra is _MISSING else extra": _init_80,
    "def __init__(self, plan_id, plan_title, opened, due, board, owner, file, made, rows):\n    self.plan_id = plan_id\n    self.plan_title = plan_title\n    self.opened = opened\n    self.due = due\n    self.board = board\n    self.owner = owner\n    self.file = file\n    self.made = made\n    self.rows = rows": _init_81,
    "def __init__(self, quarters, actions, measures):\n    self.quarters = quarters\n    self.actions = actions\n    self.measures = measures": _init_82,
    "def __init__(self, reaches_target_on, in_time):\n    self.reaches_target_on = reaches_target_on\n    self.in_time = in_time": _init_83,
    "def __init__(self, register, path, text, document, warnings):\n    self.register = register\n    self.path = path\n    self.text = text\n    self.document = document\n    self.warnings = warnings": _init_84,
    "def __init__(self, register, renumbered=_MISSING, conflicts=_MISSING):\n    self.register = register\n    self.renumbered = _make_renumbered() if renumbered is _MISSING else renumbered\n    self.conflicts = _make_conflicts() if conflicts is _MISSING else conflicts": _init_85,
    "def __init__(self, report, content, failures):\n    self.report = report\n    self.content = content\n    self.failures = failures": _init_86,
    "def __init__(self, reported, computed, reason):\n    self.reported = reported\n    self.computed = computed\n    self.reason = reason": _init_87,
    "def __init__(self, returns, warnings, dry_run):\n    self.returns = returns\n    self.warnings = warnings\n    self.dry_run = dry_run": _init_88,
    "def __init__(self, rollup, content, failures, skipped):\n    self.rollup = rollup\n    self.content = content\n    self.failures = failures\n    self.skipped = skipped": _init_89,
    "def __init__(self, row, text, ref=_default_ref, title=_default_title, theme=_default_theme, sponsor=_default_sponsor, heading=_default_heading):\n    self.row = row\n    self.text = text\n    self.ref = ref\n    self.title = title\n    self.theme = theme\n    self.sponsor = sponsor\n    self.heading = heading": _init_90,
    "def __init__(self, rule, start, end):\n    self.rule = rule\n    self.start = start\n    self.end = end": _init_91,
    "def __init__(self, sheet, address, column):\n    self.sheet = sheet\n    self.address = address\n    self.column = column": _init_92,
    "def __init__(self, sheets=_MISSING):\n    self.sheets = _make_sheets() if sheets is _MISSING else sheets": _init_93,
    "def __init__(self, since, board, then, now, rag_moves, reported_moves, completed, added, dropped, blocked, unblocked, slipped, updates, areas, measures, decided=_MISSING):\n    self.since = since\n    self.board = board\n    self.then = then\n    self.now = now\n    self.rag_moves = rag_moves\n    self.reported_moves = reported_moves\n    self.completed = completed\n    self.added = added\n    self.dropped = dropped\n    self.blocked = blocked\n    self.unblocked = unblocked\n    self.slipped = slipped\n    self.updates = updates\n    self.areas = areas\n    self.measures = measures\n    self.decided = _make_decided() if decided is _MISSING else decided": _init_94,
    "def __init__(self, source, areas, actions, found, skipped, update, areas_found=_MISSING, plan_title=_default_plan_title, dated=_default_dated):\n    self.source = source\n    self.areas = areas\n    self.actions = actions\n    self.found = found\n    self.skipped = skipped\n    self.update = update\n    self.areas_found = _make_areas_found() if areas_found is _MISSING else areas_found\n    self.plan_title = plan_title\n    self.dated = dated": _init_95,
    "def __init__(self, source, name, sheet, rows, guarded=_default_guarded, spans=_MISSING, fill=_default_fill, formula=_default_formula, notes=_MISSING, hidden=_default_hidden):\n    self.source = source\n    self.name = name\n    self.sheet = sheet\n    self.rows = rows\n    self.guarded = guarded\n    self.spans = _make_spans() if spans is _MISSING else spans\n    self.fill = fill\n    self.formula = formula\n    self.notes = _make_notes() if notes is _MISSING else notes\n    self.hidden = hidden": _init_96,
    "def __init__(self, source, name, worksheet, header_row, columns, rows, problems, ignored, fields, titles=_MISSING, banners=_MISSING, areas=_MISSING, themes=_MISSING, skipped=_MISSING, loose=_MISSING, notes=_MISSING, dated=_default_dated):\n    self.source = source\n    self.name = name\n    self.worksheet = worksheet\n    self.header_row = header_row\n    self.columns = columns\n    self.rows = rows\n    self.problems = problems\n    self.ignored = ignored\n    self.fields = fields\n    self.titles = _make_titles() if titles is _MISSING else titles\n    self.banners = _make_banners() if banners is _MISSING else banners\n    self.areas = _make_areas() if areas is _MISSING else areas\n    self.themes = _make_themes() if themes is _MISSING else themes\n    self.skipped = _make_skipped() if skipped is _MISSING else skipped\n    self.loose = _make_loose() if loose is _MISSING else loose\n    self.notes = _make_notes() if notes is _MISSING else notes\n    self.dated = dated": _init_97,
    "def __init__(self, start, as_of, inspection, live, planned, completed, done, rate):\n    self.start = start\n    self.as_of = as_of\n    self.inspection = inspection\n    self.live = live\n    self.planned = planned\n    self.completed = completed\n    self.done = done\n    self.rate = rate": _init_98,
    "def __init__(self, status, area, rag_history, updates, related=_MISSING):\n    self.status = status\n    self.area = area\n    self.rag_history = rag_history\n    self.updates = updates\n    self.related = _make_related() if related is _MISSING else related": _init_99,
    "def __init__(self, status, rag=_default_rag, why=_default_why):\n    self.status = status\n    self.rag = rag\n    self.why = why": _init_100,
    "def __init__(self, status, timeline, decisions, why, overdue, blocked, due_soon, exceptions, changes, changed, findings, failures, impact_behind=_MISSING, round=_default_round):\n    self.status = status\n    self.timeline = timeline\n    self.decisions = decisions\n    self.why = why\n    self.overdue = overdue\n    self.blocked = blocked\n    self.due_soon = due_soon\n    self.exceptions = exceptions\n    self.changes = changes\n    self.changed = changed\n    self.findings = findings\n    self.failures = failures\n    self.impact_behind = _make_impact_behind() if impact_behind is _MISSING else impact_behind\n    self.round = round": _init_101,
    "def __init__(self, table, header, columns, quarters, year, on):\n    self.table = table\n    self.header = header\n    self.columns = columns\n    self.quarters = quarters\n    self.year = year\n    self.on = on": _init_102,
    "def __init__(self, then, now, direction):\n    self.then = then\n    self.now = now\n    self.direction = direction": _init_103,
    "def __init__(self, title, column, note=_default_note, cell=_default_cell):\n    self.title = title\n    self.column = column\n    self.note = note\n    self.cell = cell": _init_104,
    "def __init__(self, title, first, last, low, high, series, levels, markers, x_ticks, y_ticks, sentence, header, rows):\n    self.title = title\n    self.first = first\n    self.last = last\n    self.low = low\n    self.high = high\n    self.series = series\n    self.levels = levels\n    self.markers = markers\n    self.x_ticks = x_ticks\n    self.y_ticks = y_ticks\n    self.sentence = sentence\n    self.header = header\n    self.rows = rows": _init_105,
    "def __init__(self, title, id=_default_id, organisation=_default_organisation, inspectorate=_default_inspectorate, framework=_default_framework, judgement=_default_judgement, inspected=_default_inspected, received=_default_received, published=_default_published, start=_default_start, next_inspection=_default_next_inspection, action_plan_due=_default_action_plan_due, require_sign_off=_default_require_sign_off, extra=_MISSING, boards=_MISSING, subject=_default_subject, school_holidays=_MISSING, log=_MISSING, rounds=_MISSING, stale_after=_default_stale_after):\n    self.title = title\n    self.id = id\n    self.organisation = organisation\n    self.inspectorate = inspectorate\n    self.framework = framework\n    self.judgement = judgement\n    self.inspected = inspected\n    self.received = received\n    self.published = published\n    self.start = start\n    self.next_inspection = next_inspection\n    self.action_plan_due = action_plan_due\n    self.require_sign_off = require_sign_off\n    self.extra = _make_extra() if extra is _MISSING else extra\n    self.boards = _make_boards() if boards is _MISSING else boards\n    self.subject = subject\n    self.school_holidays = _make_school_holidays() if school_holidays is _MISSING else school_holidays\n    self.log = _make_log() if log is _MISSING else log\n    self.rounds = _make_rounds() if rounds is _MISSING else rounds\n    self.stale_after = stale_after": _init_106,
    "def __init__(self, title=_default_title, owner=_default_owner, due=_default_due, status=_default_status, measure=_default_measure, note=_default_note, evidence=_default_evidence, clear_due=_default_clear_due, ref=_default_ref, timescale=_default_timescale, rag=_default_rag, reason=_default_reason, progress=_default_progress, on=_default_on, due_from=_default_due_from, after=_default_after, not_after=_default_not_after, completed=_default_completed):\n    self.title = title\n    self.owner = owner\n    self.due = due\n    self.status = status\n    self.measure = measure\n    self.note = note\n    self.evidence = evidence\n    self.clear_due = clear_due\n    self.ref = ref\n    self.timescale = timescale\n    self.rag = rag\n    self.reason = reason\n    self.progress = progress\n    self.on = on\n    self.due_from = due_from\n    self.after = after\n    self.not_after = not_after\n    self.completed = completed": _init_107,
    "def __init__(self, value, source):\n    self.value = value\n    self.source = source": _init_108,
    "def __init__(self, waiting_for, needed_by, projected, held_by=_default_held_by, undated=_default_undated):\n    self.waiting_for = waiting_for\n    self.needed_by = needed_by\n    self.projected = projected\n    self.held_by = held_by\n    self.undated = undated": _init_109,
    "def __init__(self, width=_default_width, colour=_default_colour):\n    self.width = width\n    self.colour = colour": _init_110,
    "def __init__(self, window_start, window_days, completed, live, done, remaining, inspection):\n    self.window_start = window_start\n    self.window_days = window_days\n    self.completed = completed\n    self.live = live\n    self.done = done\n    self.remaining = remaining\n    self.inspection = inspection": _init_111,
}
