"""URLs of the trade side, included in the `market` namespace (see market/urls.py)."""

from django.urls import URLPattern, path

from tiwizi.market.trade import views

urlpatterns: list[URLPattern] = [
    path("market/buyers/register/", views.buyer_register, name="buyer_register"),
    # Inquiries: the producers' side, the buyer's side, one thread page for both.
    path("market/inquiries/", views.inquiry_list, name="inquiry_list"),
    path("market/my/inquiries/", views.my_inquiries, name="my_inquiries"),
    path("market/inquiries/new/<int:product_pk>/", views.inquiry_create, name="inquiry_create"),
    path("market/inquiries/<int:pk>/", views.inquiry_detail, name="inquiry_detail"),
    path("market/inquiries/<int:pk>/close/", views.inquiry_close, name="inquiry_close"),
    path("market/inquiries/<int:inquiry_pk>/order/", views.order_create, name="order_create"),
    # Orders.
    path("market/orders/", views.order_list, name="order_list"),
    path("market/my/orders/", views.my_orders, name="my_orders"),
    path("market/orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("market/orders/<int:pk>/move/", views.order_move, name="order_move"),
    path("market/orders/<int:pk>/cancel/", views.order_cancel, name="order_cancel"),
    path("market/orders/<int:pk>/proforma/", views.order_proforma, name="order_proforma"),
    # The sales ledger.
    path("market/sales/", views.sale_list, name="sale_list"),
    path("market/sales/new/<int:organization_pk>/", views.sale_create, name="sale_create"),
    path("market/sales/<int:pk>/edit/", views.sale_edit, name="sale_edit"),
    path("market/sales/<int:pk>/delete/", views.sale_delete, name="sale_delete"),
]
