"""Which rows the demo loader made, so that loading it again updates them in place.

Most demo records have a natural key (an ODCO number, an ICE, an email), but a person
without a national ID has none, and a user may edit any of them in the demo. A stable
key per demo record (`person:safran-siroua:03`) keeps `load_demo` idempotent whatever
happened to the row in between. Nothing else reads this table.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class DemoRecord(models.Model):
    key = models.CharField(max_length=120, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "demo record"
        verbose_name_plural = "demo records"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.key} → {self.content_type.model} #{self.object_id}"
