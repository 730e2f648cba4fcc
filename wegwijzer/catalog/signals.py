"""Keep the search index in step with edits in the admin.

``load_content`` rebuilds the whole index afterwards (the ``after_load`` hook); these
handlers cover single edits: a tool, its forms or providers, and the names and synonyms of
forms and organisations that are part of a tool's searchable text.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from wegwijzer.catalog import search
from wegwijzer.catalog.models import Tool
from wegwijzer.core.backups import restored
from wegwijzer.knowledge.models import FormOfBehaviour, Organisation


def _tool_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index_tools([instance.pk])


def _tool_deleted(sender, instance, **kwargs):
    search.remove_tools([instance.pk])


def _tool_relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        search.index_tools([instance.pk])
    elif pk_set:
        search.index_tools(pk_set)
    elif action == "post_clear":
        # A form or organisation lost all its tools; their ids are gone by now.
        search.rebuild_index()


def _related_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    ids = list(Tool.objects.filter(**{_FILTER[sender]: instance.pk}).values_list("pk", flat=True))
    search.index_tools(ids)


def _related_deleting(sender, instance, **kwargs):
    instance._catalog_tool_ids = list(
        Tool.objects.filter(**{_FILTER[sender]: instance.pk}).values_list("pk", flat=True)
    )


def _related_deleted(sender, instance, **kwargs):
    search.index_tools(getattr(instance, "_catalog_tool_ids", []))


_FILTER = {FormOfBehaviour: "forms", Organisation: "providers"}


def _database_restored(sender, **kwargs):
    # A JSON restore loads rows without save signals: the index must be rebuilt.
    search.rebuild_index()


def connect() -> None:
    restored.connect(_database_restored, dispatch_uid="catalog-database-restored")
    post_save.connect(_tool_saved, sender=Tool, dispatch_uid="catalog-tool-saved")
    post_delete.connect(_tool_deleted, sender=Tool, dispatch_uid="catalog-tool-deleted")
    for through in (Tool.forms.through, Tool.providers.through):
        m2m_changed.connect(
            _tool_relations_changed,
            sender=through,
            dispatch_uid=f"catalog-tool-m2m-{through.__name__}",
        )
    for model in (FormOfBehaviour, Organisation):
        post_save.connect(
            _related_saved, sender=model, dispatch_uid=f"catalog-related-saved-{model.__name__}"
        )
        pre_delete.connect(
            _related_deleting,
            sender=model,
            dispatch_uid=f"catalog-related-deleting-{model.__name__}",
        )
        post_delete.connect(
            _related_deleted, sender=model, dispatch_uid=f"catalog-related-deleted-{model.__name__}"
        )
