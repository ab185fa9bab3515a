"""/api/bulletins: stored documents (filtered like the page), one document's content, its files."""

from datetime import date, datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from duban.bulletins.forms import DocumentFilterSet
from duban.bulletins.models import Document
from duban.bulletins.render import FORMATS, FontMissing, PdfEngineMissing, UnknownFormat, render

router = Router(tags=["bulletins"])


class DocumentRow(Schema):
    id: int
    kind: str
    title: str
    period: str
    as_of: date
    created_at: datetime
    notified: list[str]


class Filters(Schema):
    kind: str = ""
    period: str = ""


def _row(document: Document) -> dict:
    return {
        "id": document.pk, "kind": document.kind, "title": document.title, "period": document.period,
        "as_of": document.as_of, "created_at": document.created_at,
        "notified": [d.user.username for d in document.deliveries.all()],
    }


@router.get("", response=list[DocumentRow], summary="通报列表（按类型、统计期间筛选，同通报页面）")
def documents(request, filters: Query[Filters]):
    form = DocumentFilterSet(filters.dict())
    if not form.is_valid():
        raise HttpError(400, "；".join(e for errors in form.errors.values() for e in errors))
    rows = form.filter(Document.objects.prefetch_related("deliveries__user"))[:500]
    return [_row(d) for d in rows]


@router.get("/{document_id}", summary="一份通报的内容（各格式均由此生成）")
def document(request, document_id: int):
    found = get_object_or_404(Document, pk=document_id)
    return {**_row(found), "content": found.content}


@router.get("/{document_id}/file", summary="下载一份通报：format 为 docx、xlsx、pdf 或 html")
def document_file(request, document_id: int, format: str = "docx"):
    found = get_object_or_404(Document, pk=document_id)
    try:
        data = render(found.content, format)
    except UnknownFormat as error:
        raise HttpError(400, str(error)) from None
    except (FontMissing, PdfEngineMissing) as error:
        raise HttpError(500, str(error)) from None
    response = HttpResponse(data, content_type=FORMATS[format][0])
    response["Content-Disposition"] = f'attachment; filename="bulletin-{found.pk}.{format}"'
    return response
