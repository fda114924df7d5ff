"""Writes that are more than saving a field: each is atomic, validates, and records who and
why. Views and the API call these; nothing else writes records."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from doingoai.core import roles as R
from doingoai.core.models import AccessLog, WorkflowTransition
from doingoai.core.registry import RecordType, registry

#: Guards a module may add (e.g. closed report periods): ``guard(rt, obj, user, reason)``
#: raises ValidationError/PermissionDenied to refuse a change or deletion.
_CHANGE_GUARDS: list[Any] = []
#: Guards that also judge new records (run just after the first save, inside the transaction,
#: so that the guard sees the primary key; a refusal rolls the creation back).
_CREATE_GUARDS: list[Any] = []


def register_change_guard(guard: Any, *, on_create: bool = False) -> None:
    _CHANGE_GUARDS.append(guard)
    if on_create:
        _CREATE_GUARDS.append(guard)


def check_change_allowed(rt: RecordType, obj: models.Model, user, reason: str = "") -> None:
    for guard in _CHANGE_GUARDS:
        guard(rt, obj, user, reason)


class ConflictError(ValidationError):
    """Raised when a record was changed by someone else since the user opened it."""


def _check_version(obj: models.Model, expected_version: int | None) -> None:
    if expected_version is None or obj.pk is None:
        return
    current = type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True)
    current_version = current.first()
    if current_version is not None and int(expected_version) != current_version:
        raise ConflictError(
            _(
                "This record was changed by someone else while you were editing it "
                "(version %(theirs)s, you opened version %(yours)s). Reload the page to see "
                "their changes, then make yours again."
            )
            % {"theirs": current_version, "yours": expected_version}
        )


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

    ``m2m`` (field name → targets) is set after the save and before ``after_save``, so that
    the hook sees the new relations whatever the channel (form, API, import)."""
    creating = obj.pk is None or not type(obj)._default_manager.filter(pk=obj.pk).exists()
    if not creating:
        _check_version(obj, expected_version)
        check_change_allowed(rt, obj, user, reason)
        obj.version = (obj.version or 0) + 1
    if creating:
        obj.created_by = user if user and user.is_authenticated else None
        if rt.owner_field and "__" not in rt.owner_field and R.is_agency_user(user):
            setattr(obj, f"{rt.owner_field}_id", user.organisation_id)
    obj.updated_by = user if user and user.is_authenticated else None
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
        formset.save()
    rt.after_save(obj, user=user, form=form, creating=creating)
    return obj


@transaction.atomic
def record_delete(*, rt: RecordType, obj: models.Model, user, reason: str = "") -> None:
    """Delete ``obj``; its full snapshot stays in the history and can be restored."""
    check_change_allowed(rt, obj, user, reason)
    obj._change_reason = reason or ""
    obj.updated_by = user if user and user.is_authenticated else None
    try:
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


@transaction.atomic
def record_restore(*, rt: RecordType, history_id: int, user) -> models.Model:
    """Restore a record (deleted or not) to the snapshot ``history_id`` of its history."""
    historical = rt.model.history.filter(history_id=history_id).first()
    if historical is None:
        raise ValidationError(_("That version does not exist in the history."))
    obj = historical.instance
    live = rt.model._default_manager.filter(pk=obj.pk).first()
    obj.version = (live.version + 1) if live else (historical.version + 1)
    obj.updated_by = user
    check_change_allowed(rt, obj, user, "")
    obj._change_reason = _("restored from the version of %(when)s") % {
        "when": historical.history_date.strftime("%d/%m/%Y %H:%M")
    }
    try:
        obj.save(force_insert=live is None)
    except Exception as exc:  # an FK target was deleted meanwhile, a unique clash ...
        raise ValidationError(
            _("This version cannot be restored: %(error)s") % {"error": exc}
        ) from exc
    return obj


@transaction.atomic
def workflow_record(
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


def workflow_apply(
    *, rt: RecordType, obj: models.Model, transition_name: str, user, comment: str = ""
) -> WorkflowTransition:
    """Move ``obj`` along its workflow: checks role, state and the transition's checks."""
    workflow = rt.workflow
    if workflow is None:
        raise ValidationError(_("This record has no workflow."))
    obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    try:
        transition = workflow.transition(transition_name)
    except KeyError as exc:
        raise ValidationError(_("Unknown action.")) from exc
    roles = R.user_roles(user)
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
        transition.agency_own_only
        and R.is_agency_user(user)
        and rt.owner_field
        and rt.owner_of(obj) != user.organisation_id
    ):
        raise PermissionDenied(_("This record belongs to another agency."))
    if transition.comment_required and not comment.strip():
        raise ValidationError(
            _("Please write a comment for “%(action)s”.") % {"action": transition.label}
        )
    problems = [msg for check in transition.checks for msg in check(obj)]
    if problems:
        raise ValidationError(problems)
    check_change_allowed(rt, obj, user, comment)
    setattr(obj, workflow.field, transition.target)
    for effect in transition.effects:
        effect(obj, user, comment)
    obj.version += 1
    obj.updated_by = user
    obj._change_reason = f"{transition.label}: {comment}".strip(": ")
    obj.save()
    return WorkflowTransition.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        transition=transition.name,
        from_state=current,
        to_state=transition.target,
        comment=comment,
        user=user,
    )


def log_access(*, user, obj_or_model, action: str, channel: str = "ui", reason: str = "") -> None:
    """Record a read of sensitive data (one row per read, never per field)."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    AccessLog.objects.create(
        user=user if user.is_authenticated else None,
        content_type=ContentType.objects.get_for_model(model),
        object_id="" if isinstance(obj_or_model, type) else str(obj_or_model.pk),
        action=action,
        channel=channel,
        reason=reason,
    )


def registered(obj: models.Model) -> RecordType:
    return registry.for_model(type(obj))


@transaction.atomic
def attachment_add(*, obj: models.Model, upload, user, description: str = ""):  # noqa: ANN001, ANN201
    """Attach an uploaded file to ``obj``."""
    from doingoai.core.models import Attachment

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

    ct = ContentType.objects.get_for_model(obj)
    if unlink:
        RecordDocument.objects.filter(
            document=document, content_type=ct, object_id=str(obj.pk)
        ).delete()
        return
    RecordDocument.objects.update_or_create(
        document=document, content_type=ct, object_id=str(obj.pk), defaults={"note": note}
    )
