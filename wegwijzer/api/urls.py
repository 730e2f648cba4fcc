from django.urls import path

from wegwijzer.api.api import api

urlpatterns = [path("", api.urls)]
