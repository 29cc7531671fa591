from django.shortcuts import render

from .selectors import organization_list_visible_to


def organization_list(request):
    organizations = organization_list_visible_to(user=request.user)
    return render(request, "registry/organization_list.html", {"organizations": organizations})
