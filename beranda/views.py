"""The dashboard: what each person has to do now, from every layer below."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from beranda.dasbor import beranda_untuk
from beranda.roles import peran_request


@login_required
@require_GET
def beranda(request):
    peran, periode = peran_request(request)
    data = beranda_untuk(request.user, peran, periode)
    return render(request, "beranda/beranda.html", {"beranda": data})
