"""Writes that are more than saving a field: each is atomic, validates, and records who and
why. Views and the API call these; nothing else writes records."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from doingoai.core import roles as R
from doingoai.core import snapshots
from doingoai.core.models import WorkflowTransition
from doingoai.core.registry import RecordType, registry

#: Guards a module may add (e.g. closed report periods): ``guard(rt, obj, user, reason)``
#: raises ValidationError/PermissionDenied to refuse a change or deletion.
_CHANGE_GUARDS: list[Any] = []
#: Guards that also judge new records (run just after the first save, inside the transaction,
#: so that the guard sees the primary key; a refusal rolls the creation back).
_CREATE_GUARDS: list[Any] = []


#: Sent by ``record_bulk_create`` (which saves no record one by one, so no ``post_save``)
#: with ``sender`` the model, ``objs`` the created records and ``using`` the database, inside
#: the write's transaction: kept figures and counts forget what the new records change.
records_created_in_bulk = Signal()


def register_change_guard(guard: Any, *, on_create: bool = False) -> None:
    """``guard(rt, obj, user, reason)`` runs before every change and deletion (and, with
    ``on_create``, after a new record's first save); it raises to refuse. A guard may carry
    ``guard.many(rt, objs, user, reason)`` for records created together in bulk."""
    _CHANGE_GUARDS.append(guard)
    if on_create:
        _CREATE_GUARDS.append(guard)


def check_change_allowed(rt: RecordType, obj: models.Model, user, reason: str = "") -> None:
    for guard in _CHANGE_GUARDS:
        guard(rt, obj, user, reason)


class ConflictError(ValidationError):
    """Raised when a record was changed by someone else since the user opened it."""


class RestoreNeedsConfirmation(ValidationError):
    """A restore would bring back a record whose links point at records that are gone:
    ``missing`` names them; restore again with ``confirm_missing=True`` to restore the rest."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            _("Some records this version links to no longer exist: %(what)s.")
            % {"what": "; ".join(missing)}
        )


def require_object(rt: RecordType, user, action: str, obj: models.Model | None) -> None:
    """Refuse (PermissionDenied) unless ``rt.can_object`` allows ``action`` on ``obj``."""
    if not rt.can_object(user, action, obj):
        raise PermissionDenied(_("You do not have permission to do this."))


def _conflict(obj: models.Model, expected: int) -> ConflictError:
    """The refusal of a stale write, saying who changed what since version ``expected``."""
    model = type(obj)
    current = model._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
    if current is None:
        return ConflictError(
            _("This record was deleted by someone else while you were working on it.")
        )
    message = _(
        "This record was changed by someone else while you were editing it "
        "(version %(theirs)s, you opened version %(yours)s). Reload the page to see "
        "their changes, then make yours again."
    ) % {"theirs": current, "yours": expected}
    history = getattr(model, "history", None)
    if history is not None:
        rows = history.filter(**{model._meta.pk.attname: obj.pk}).order_by("-history_id")
        latest = rows.first()
        opened = rows.filter(version__lte=expected).first()
        if latest is not None:
            fields: list[str] = []
            if opened is not None and opened.history_id != latest.history_id:
                delta = latest.diff_against(opened, excluded_fields=["version", "updated_at"])
                fields = [str(model._meta.get_field(c.field).verbose_name) for c in delta.changes]
            who = latest.history_user or getattr(latest, "updated_by", None) or _("the system")
            message += " " + _("Changed by %(who)s at %(when)s: %(fields)s.") % {
                "who": who,
                "when": timezone.localtime(latest.history_date).strftime("%H:%M %d/%m/%Y"),
                "fields": ", ".join(fields) or _("workflow or links"),
            }
    return ConflictError(message)


def claim_version(obj: models.Model, expected: int | None) -> None:
    """Optimistic lock as one conditional update: ``UPDATE … SET version = n + 1 WHERE pk =
    … AND version = n``. Exactly one writer wins; the others get a ConflictError. On success
    ``obj.version`` is ``n + 1`` and the row is locked until the transaction ends."""
    if obj.pk is None:
        return
    if expected is None:
        expected = obj.version
    expected = int(expected)
    model = type(obj)
    claimed = model._default_manager.filter(pk=obj.pk, version=expected).update(
        version=expected + 1
    )
    if claimed != 1:
        raise _conflict(obj, expected)
    obj.version = expected + 1


def _save_formset(formset, user) -> None:  # noqa: ANN001
    """Child rows edited with their record: each changed or deleted existing row is claimed
    at the version its form was opened with, so no child edit is lost either."""
    from doingoai.core.models.base import RecordModel

    for form in formset.initial_forms:
        child = form.instance
        if child.pk is None or not isinstance(child, RecordModel):
            continue
        deleting = formset.can_delete and formset._should_delete_form(form)
        if not deleting and not form.has_changed():
            continue
        cleaned = getattr(form, "cleaned_data", {}) or {}
        claim_version(child, cleaned.get("version", child.version))
        child.updated_by = user if user and user.is_authenticated else None
    formset.save()


@transaction.atomic
def record_save(
    *,
    rt: RecordType,
    obj: models.Model,
    user,
    form=None,
    formsets: list | None = None,
    expected_version: int | None = None,
    reason: str = "",
    m2m: dict[str, Any] | None = None,
) -> models.Model:
    """Create or update ``obj`` (from ``form`` when given), with version check and audit.

    ``expected_version`` is the version the user opened (``None``: the one ``obj`` was loaded
    with); the check is a conditional update, so two writers can never both win. ``m2m``
    (field name → targets) is set after the save and before ``after_save``, so that the hook
    sees the new relations whatever the channel (form, API, import)."""
    creating = obj.pk is None or not type(obj)._default_manager.filter(pk=obj.pk).exists()
    require_object(rt, user, "add" if creating else "change", None if creating else obj)
    if not creating:
        check_change_allowed(rt, obj, user, reason)
        claim_version(obj, expected_version)
    if creating:
        obj.created_by = user if user and user.is_authenticated else None
        if rt.owner_field and "__" not in rt.owner_field and user and R.is_agency_user(user):
            setattr(obj, f"{rt.owner_field}_id", user.organisation_id)
        require_object(rt, user, "add", obj)
    obj.updated_by = user if user and user.is_authenticated else None
    if obj.updated_by is not None:
        obj._history_user = obj.updated_by
    if reason:
        obj._change_reason = reason
    if form is not None:
        form.save(commit=False)  # binds form.save_m2m for after the save
    rt.before_save(obj, user=user, form=form, creating=creating)
    obj.save()
    if creating:
        for guard in _CREATE_GUARDS:
            guard(rt, obj, user, reason)
    if form is not None:
        form.save_m2m()
    for name, targets in (m2m or {}).items():
        getattr(obj, name).set(targets)
    for formset in formsets or []:
        formset.instance = obj
        _save_formset(formset, user)
    rt.after_save(obj, user=user, form=form, creating=creating)
    snapshots.stamp(obj)
    return obj


def record_complete_write(obj: models.Model, **fields: Any) -> None:
    """Set ``fields`` that a write derives after its own save (a trip changed after its
    decision goes back to "amendment"), in the same transaction: the record and its newest
    history row both get them, so one write stays one version and one history line."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_complete_write runs inside the write's transaction")
    for name, value in fields.items():
        setattr(obj, name, value)
    type(obj)._default_manager.filter(pk=obj.pk).update(**fields)
    history = getattr(type(obj), "history", None)
    if history is not None:
        latest = history.filter(**{obj._meta.pk.attname: obj.pk}).order_by("-history_id")
        history.filter(history_id__in=latest.values("history_id")[:1]).update(**fields)


def bulk_creatable(rt: RecordType) -> bool:
    """Whether new records of ``rt`` may be written in bulk: the type has no save hooks of
    its own (they would expect one record at a time)."""
    base = RecordType
    return type(rt).before_save is base.before_save and type(rt).after_save is base.after_save


@transaction.atomic
def record_bulk_create(
    *, rt: RecordType, objs: list[models.Model], user, reason: str = ""
) -> list[models.Model]:
    """Create many new records at once (long imports): the same permission and owner checks,
    audit columns, search text, history rows (with who and why) and creation guards as
    ``record_save``, written in chunks. For types that are ``bulk_creatable`` and records
    without many-to-many links."""
    from doingoai.core import bulk

    require_object(rt, user, "add", None)
    author = user if user and user.is_authenticated else None
    agency = bool(user) and R.is_agency_user(user)
    for obj in objs:
        obj.created_by = obj.updated_by = author
        obj.version = 1
        if rt.owner_field and "__" not in rt.owner_field and agency:
            setattr(obj, f"{rt.owner_field}_id", user.organisation_id)
        require_object(rt, user, "add", obj)
        obj.search_text = obj.build_search_text()
    created = bulk.insert_with_history(rt.model, objs, user=author, reason=reason)
    for guard in _CREATE_GUARDS:
        many = getattr(guard, "many", None)  # a guard may check the records together
        if many is not None:
            many(rt, created, user, reason)
        else:
            for obj in created:
                guard(rt, obj, user, reason)
    records_created_in_bulk.send(sender=rt.model, objs=created, using=rt.model._default_manager.db)
    return created


@transaction.atomic
def record_delete(
    *, rt: RecordType, obj: models.Model, user, reason: str = "", expected_version=None
) -> None:
    """Delete ``obj``; its full snapshot (fields, links, and the rows deleted with it) stays
    in the history and can be restored."""
    require_object(rt, user, "delete", obj)
    check_change_allowed(rt, obj, user, reason)
    claim_version(obj, expected_version)
    obj._change_reason = reason or ""
    obj.updated_by = user if user and user.is_authenticated else None
    if obj.updated_by is not None:
        obj._history_user = obj.updated_by
    try:
        cascade = snapshots.collect_cascade(obj)
        links = snapshots.m2m_state(obj)
        pk = obj.pk
        obj.delete()
    except models.ProtectedError as exc:
        names = ", ".join(sorted({str(o._meta.verbose_name) for o in exc.protected_objects}))
        raise ValidationError(
            _(
                "This record cannot be deleted because other records refer to it (%(what)s). "
                "Remove those links first."
            )
            % {"what": names}
        ) from exc
    obj.pk = pk
    row = rt.model.history.filter(**{rt.model._meta.pk.attname: pk}).order_by("-history_id")
    row.filter(history_id=row.values("history_id")[:1]).update(
        history_relations={"m2m": links, "children": cascade.children, "nulled": cascade.nulled}
    )


def _restore_children(plan: snapshots.RestorePlan, user, when: str) -> None:
    for item in plan.children:
        child = item.object
        if hasattr(child, "version"):
            child.version = (child.version or 0) + 1
            child.updated_by = user if user and user.is_authenticated else None
        child._change_reason = _("restored with its record (version of %(when)s)") % {"when": when}
        child.save(force_insert=True)
        for name, pks in (item.m2m_data or {}).items():
            target = child._meta.get_field(name).related_model
            getattr(child, name).set(target._default_manager.filter(pk__in=pks))
        if hasattr(child, "history"):
            snapshots.stamp(child)


def _restore_nulled(plan: snapshots.RestorePlan, root: models.Model) -> None:
    from django.apps import apps

    for entry in plan.nulled:
        model = apps.get_model(entry["model"])
        for linked in model._default_manager.filter(pk__in=entry["pks"], **{entry["field"]: None}):
            setattr(linked, entry["field"], root)
            if hasattr(linked, "version"):
                linked.version += 1
            linked.save()


@transaction.atomic
def record_restore(
    *,
    rt: RecordType,
    history_id: int,
    user,
    expected_version: int | None = None,
    confirm_missing: bool = False,
) -> models.Model:
    """Restore a record (deleted or not) to the snapshot ``history_id`` of its history, with
    its many-to-many links of that version and, for a deleted record, the child rows deleted
    with it. When a link points at a record that no longer exists, RestoreNeedsConfirmation
    names it; with ``confirm_missing`` the rest is restored."""
    historical = (
        rt.history_visible_to(user).filter(history_id=history_id).first()
        if user is not None
        else rt.model.history.filter(history_id=history_id).first()
    )
    if historical is None:
        raise ValidationError(_("That version does not exist in the history."))
    obj = historical.instance
    live = rt.model._default_manager.filter(pk=obj.pk).first()
    if live is not None:  # the record as it is now, and as the version would make it
        require_object(rt, user, "change", live)
    require_object(rt, user, "change", obj)
    deletion = None
    if live is None:
        deletion_row = (
            rt.model.history.filter(**{rt.model._meta.pk.attname: obj.pk}, history_type="-")
            .order_by("-history_id")
            .first()
        )
        deletion = deletion_row.history_relations if deletion_row else None
    relations = historical.history_relations
    if relations is None and historical.history_type == "-":
        relations = deletion
    plan = snapshots.plan_restore(obj, relations, deletion)
    if plan.blocking:
        raise ValidationError(
            _("This version cannot be restored: %(error)s")
            % {
                "error": _("it needs records that no longer exist (%(what)s)")
                % {"what": "; ".join(plan.blocking)}
            }
        )
    if plan.missing and not confirm_missing:
        raise RestoreNeedsConfirmation(plan.missing)
    if live is not None:
        check_change_allowed(rt, live, user, "")
        claim_version(live, expected_version)
        obj.version = live.version
    else:
        obj.version = (historical.version or 0) + 1
    check_change_allowed(rt, obj, user, "")
    obj.updated_by = user if user and user.is_authenticated else None
    if obj.updated_by is not None:
        obj._history_user = obj.updated_by
    when = timezone.localtime(historical.history_date).strftime("%d/%m/%Y %H:%M")
    obj._change_reason = _("restored from the version of %(when)s") % {"when": when}
    try:
        with transaction.atomic():
            obj.save(force_insert=live is None)
    except Exception as exc:  # a unique clash ...
        raise ValidationError(
            _("This version cannot be restored: %(error)s") % {"error": exc}
        ) from exc
    for name, pks in plan.m2m.items():
        getattr(obj, name).set(pks)
    _restore_children(plan, user, when)
    _restore_nulled(plan, obj)
    snapshots.stamp(obj)
    return obj


@transaction.atomic
def log_transition(
    *, obj: models.Model, name: str, source: str, target: str, user, comment: str = ""
) -> WorkflowTransition:
    """Write the audit row of a move (also for moves the system makes, e.g. an amendment)."""
    return WorkflowTransition.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        transition=name,
        from_state=source,
        to_state=target,
        comment=comment,
        user=user,
    )


def transition_values(rt: RecordType, name: str, values: dict[str, Any], user=None) -> dict:  # noqa: ANN001
    """Parse the fields a move sets (API ``values``): only those the transition declares;
    a link by its id among the records the user may see."""
    if rt.workflow is None:
        raise ValidationError(_("This record has no workflow."))
    try:
        transition = rt.workflow.transition(name)
    except KeyError as exc:
        raise ValidationError(_("Unknown action.")) from exc
    errors: dict[str, list[str]] = {}
    parsed: dict[str, Any] = {}
    for key, raw in values.items():
        if key not in transition.fields:
            errors[key] = [_("This move does not set this field.")]
            continue
        f = rt.model._meta.get_field(key)
        try:
            if f.is_relation:
                target_model = f.related_model
                qs = (
                    registry.for_model(target_model).visible_to(user)
                    if user is not None and registry.is_registered(target_model)
                    else target_model._default_manager.all()
                )
                target = qs.filter(pk=raw).first() if raw not in (None, "") else None
                if target is None and raw not in (None, ""):
                    raise ValidationError(_("No such record."))
                parsed[key] = target
            else:
                value = f.to_python(raw)
                if value not in (None, ""):
                    f.run_validators(value)
                parsed[key] = value
        except ValidationError as exc:
            errors[key] = exc.messages
    if errors:
        raise ValidationError(errors)
    return parsed


@transaction.atomic
def workflow_apply(
    *,
    rt: RecordType,
    obj: models.Model,
    transition_name: str,
    user,
    comment: str = "",
    expected_version: int | None = None,
    values: dict[str, Any] | None = None,
) -> WorkflowTransition:
    """Move ``obj`` along its workflow, atomically: the row is locked, the user needs
    ``change`` on the type and the object plus one of the transition's roles, the state and
    the transition's checks must allow it, and the version must be the one the user saw.
    ``values`` are the move's own fields (a decision, a date), set before the checks."""
    workflow = rt.workflow
    if workflow is None:
        raise ValidationError(_("This record has no workflow."))
    try:
        transition = workflow.transition(transition_name)
    except KeyError as exc:
        raise ValidationError(_("Unknown action.")) from exc
    locked = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
    if locked is None:
        raise ValidationError(_("That version does not exist in the history."))
    obj = locked
    if user is not None:
        if not rt.can(user, "change"):
            raise PermissionDenied(
                _("Your role may not do “%(action)s”.") % {"action": transition.label}
            )
        if not rt.can_object(user, "change", obj):
            raise PermissionDenied(_("This record belongs to another agency."))
    roles = R.user_roles(user) if user is not None else set(transition.roles)
    current = getattr(obj, workflow.field)
    if current not in transition.sources:
        raise ValidationError(
            _("“%(action)s” is not possible while the record is “%(state)s”.")
            % {"action": transition.label, "state": workflow.state(current).label}
        )
    if not roles & set(transition.roles):
        raise PermissionDenied(
            _("Your role may not do “%(action)s”.") % {"action": transition.label}
        )
    if (
        user is not None
        and transition.agency_own_only
        and R.is_agency_user(user)
        and rt.owner_field
        and rt.owner_of(obj) != user.organisation_id
    ):
        raise PermissionDenied(_("This record belongs to another agency."))
    if transition.comment_required and not comment.strip():
        raise ValidationError(
            _("Please write a comment for “%(action)s”.") % {"action": transition.label}
        )
    if expected_version is not None and int(expected_version) != obj.version:
        raise _conflict(obj, int(expected_version))
    for name, value in (values or {}).items():
        setattr(obj, name, value)
    problems = [msg for check in transition.checks for msg in check(obj)]
    if problems:
        raise ValidationError(problems)
    check_change_allowed(rt, obj, user, comment)
    setattr(obj, workflow.field, transition.target)
    for effect in transition.effects:
        effect(obj, user, comment)
    claim_version(obj, obj.version)
    obj.updated_by = user
    if user is not None:
        obj._history_user = user
    obj._change_reason = f"{transition.label}: {comment}".strip(": ")
    obj.save()
    snapshots.stamp(obj)
    return WorkflowTransition.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        transition=transition.name,
        from_state=current,
        to_state=transition.target,
        comment=comment,
        user=user,
    )


@transaction.atomic
def attachment_add(*, obj: models.Model, upload, user, description: str = ""):  # noqa: ANN001, ANN201
    """Attach an uploaded file to ``obj`` (``change`` on the record is required)."""
    from doingoai.core.models import Attachment

    if registry.is_registered(type(obj)):
        require_object(registry.for_model(type(obj)), user, "change", obj)

    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        original_name=upload.name[:255],
        size=upload.size,
        description=description,
        uploaded_by=user,
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_add_bytes(*, obj: models.Model, name: str, data: bytes, user, description: str = ""):  # noqa: ANN201
    """Attach generated content (a DOCX the system produced) to ``obj``."""
    from django.core.files.base import ContentFile

    upload = ContentFile(data, name=name)
    upload.size = len(data)
    return attachment_add(obj=obj, upload=upload, user=user, description=description)


@transaction.atomic
def attachment_regenerate(*, obj: models.Model, name: str, data: bytes, user, description: str):  # noqa: ANN001, ANN201
    """Attach a document the system generated again: the new file replaces the previous ones
    of the same ``description`` in the record's attachments; they stay downloadable as its
    previous versions (``Attachment.previous_versions``)."""
    from doingoai.core.models import Attachment

    attachment = attachment_add_bytes(
        obj=obj, name=name, data=data, user=user, description=description
    )
    Attachment.objects.filter(
        content_type=attachment.content_type, object_id=str(obj.pk), description=description
    ).exclude(pk=attachment.pk).update(superseded_by=attachment)
    return attachment


@transaction.atomic
def document_link(
    *,
    obj: models.Model,
    document,
    user,
    note: str = "",  # noqa: ANN001
    unlink: bool = False,
) -> None:
    """Link a legal document to ``obj`` (idempotent), or remove the link; kept in history."""
    from doingoai.core.models import RecordDocument

    if registry.is_registered(type(obj)):
        require_object(registry.for_model(type(obj)), user, "change", obj)

    ct = ContentType.objects.get_for_model(obj)
    if unlink:
        RecordDocument.objects.filter(
            document=document, content_type=ct, object_id=str(obj.pk)
        ).delete()
        return
    RecordDocument.objects.update_or_create(
        document=document, content_type=ct, object_id=str(obj.pk), defaults={"note": note}
    )


@transaction.atomic
def settings_save(*, form, user, reason: str = "") -> models.Model:  # noqa: ANN001
    """Save the installation's settings record (administrators); the change is in its
    history with who and why, and any version can be restored."""
    if not user.has_perm("core.change_sitesettings"):
        raise PermissionDenied(_("You do not have permission to do this."))
    obj = form.save(commit=False)
    obj._change_reason = reason or _("settings edited")
    obj.save()
    return obj


@transaction.atomic
def rule_set(*, rule, value: int, user, reason: str = "") -> models.Model:  # noqa: ANN001
    """Change the value of a rule of the field; kept in its history with who and why."""
    if not user.has_perm("core.change_rule"):
        raise PermissionDenied(_("You do not have permission to do this."))
    rule.value = value
    rule._change_reason = reason or _("value changed")
    rule.save(update_fields=["value", "updated_at"])
    return rule


@transaction.atomic
def history_restore(*, model: type[models.Model], history_id: int, user, perm: str):
    """Restore a settings-like row (settings record, a rule) to one version of its history."""
    if not user.has_perm(perm):
        raise PermissionDenied(_("You do not have permission to do this."))
    historical = model.history.filter(history_id=history_id).first()
    if historical is None:
        raise ValidationError(_("That version does not exist in the history."))
    obj = historical.instance
    when = timezone.localtime(historical.history_date).strftime("%d/%m/%Y %H:%M")
    obj._change_reason = _("restored from the version of %(when)s") % {"when": when}
    obj.save()
    return obj
