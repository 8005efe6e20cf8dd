from django.urls import path

from .views import search_view

app_name = "search"
urlpatterns = [
    path("tim-kiem/", search_view, name="search"),
    path("search/", search_view, name="search-en"),
]
