from tiwizi.market.catalogue import urls as catalogue
from tiwizi.market.trade import urls as trade

app_name = "market"
urlpatterns = [*catalogue.urlpatterns, *trade.urlpatterns]
