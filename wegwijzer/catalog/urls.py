from django.urls import path

from wegwijzer.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.tool_list, name="list"),
    path("<slug:key>/", views.tool_detail, name="detail"),
]
