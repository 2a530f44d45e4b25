"""Catalogue URLs: the back office under /catalogue/, the public storefront under /shop/.

Included by tiwizi/market/urls.py, whose app_name is "market".
"""

from django.urls import URLPattern, path

from tiwizi.market.catalogue import storefront, views

urlpatterns: list[URLPattern] = [
    # Back office (signed in)
    path("catalogue/products/", views.product_list, name="product_list"),
    path("catalogue/products/new/", views.product_create, name="product_create"),
    path("catalogue/products/<int:pk>/", views.product_detail, name="product_detail"),
    path("catalogue/products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("catalogue/products/<int:pk>/delete/", views.product_delete, name="product_delete"),
    path("catalogue/products/<int:pk>/photos/add/", views.photo_add, name="photo_add"),
    path("catalogue/photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("catalogue/photos/<int:pk>/move/", views.photo_move, name="photo_move"),
    path("catalogue/products/<int:pk>/labels/add/", views.label_add, name="label_add"),
    path("catalogue/labels/<int:pk>/edit/", views.label_edit, name="label_edit"),
    path("catalogue/labels/<int:pk>/delete/", views.label_delete, name="label_delete"),
    path("catalogue/labels/<int:pk>/evidence/", views.label_evidence, name="label_evidence"),
    path("catalogue/exchange-rates/", views.exchange_rates, name="exchange_rates"),
    path(
        "catalogue/exchange-rates/<int:pk>/delete/",
        views.exchange_rate_delete,
        name="exchange_rate_delete",
    ),
    # Public storefront
    path("shop/", storefront.shop_home, name="shop_home"),
    path("shop/search/", storefront.shop_search, name="shop_search"),
    path("shop/category/<slug:code>/", storefront.shop_category, name="shop_category"),
    path("shop/province/<int:pk>-<slug:slug>/", storefront.shop_province, name="shop_province"),
    path("shop/label/<slug:kind>/", storefront.shop_label, name="shop_label"),
    path("shop/products/<int:pk>-<slug:slug>/", storefront.product_page, name="product_page"),
    path("shop/producers/<int:pk>-<slug:slug>/", storefront.producer_page, name="producer_page"),
]
