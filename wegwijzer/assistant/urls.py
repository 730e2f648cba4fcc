from django.urls import path

from wegwijzer.assistant import views

app_name = "assistant"

urlpatterns = [
    path("", views.start, name="start"),
    path("vraag/<slug:key>/", views.question, name="question"),
    path("controleren/", views.check, name="check"),
    path("plan/", views.plan, name="plan"),
    path("plan/download/", views.download, name="download"),
]
