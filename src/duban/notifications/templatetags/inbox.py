from django import template

from duban.notifications.inbox import badge_count

register = template.Library()


@register.inclusion_tag("notifications/_inbox_link.html", takes_context=True)
def inbox_link(context):
    user = context["user"]
    return {"count": badge_count(user) if user.is_authenticated else 0, "show": user.is_authenticated}
