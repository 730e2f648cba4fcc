from django.urls import path

from wegwijzer.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.home, name="home"),
    path("vormen/", views.form_list, name="form_list"),
    path("vormen/<slug:key>/", views.form_detail, name="form_detail"),
    path("signalen/", views.signals, name="signals"),
    path("feiten/", views.facts, name="facts"),
    path("hulp/", views.help_contacts, name="help"),
    path("organisaties/", views.organisations, name="organisations"),
    path("over/", views.about, name="about"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
]
