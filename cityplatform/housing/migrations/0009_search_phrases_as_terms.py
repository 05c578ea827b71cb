"""Re-index for the ads' phrases as whole search terms (core.segmentation.add_words,
registered by the housing app): every listing's terms, and the terms each buyer
demand's features and keywords are matched by (its match keys carry a copy)."""

import json

from django.db import migrations

BATCH = 2_000


def reindex_listings(apps, schema_editor):  # type: ignore[no-untyped-def]
    Community = apps.get_model("housing", "Community")
    CommunityAlias = apps.get_model("housing", "CommunityAlias")
    Listing = apps.get_model("housing", "Listing")
    ListingTerm = apps.get_model("housing", "ListingTerm")
    names = {pk: [name] for pk, name in Community.objects.values_list("pk", "name")}
    for community_id, alias in CommunityAlias.objects.order_by("pk").values_list(
        "community_id", "alias"
    ):
        names[community_id].append(alias)
    listings = Listing.objects.order_by("pk").only(
        "pk", "community", "features", "building_type", "decoration", "description",
        "status", "place", "bedrooms", "price_yuan", "area_m2", "unit_price_yuan",
        "first_listed_at",
    )  # fmt: skip
    batch = []
    for listing in listings.iterator(chunk_size=BATCH):
        batch.append(listing)
        if len(batch) == BATCH:
            _reindex(ListingTerm, batch, names)
            batch = []
    _reindex(ListingTerm, batch, names)


def _reindex(ListingTerm, listings, names):  # type: ignore[no-untyped-def]
    from cityplatform.housing.services.search_index import index_copies, search_text, stored_terms

    if not listings:
        return
    # The copies this migration's ListingTerm has (later ones copy more).
    fields = {field.name for field in ListingTerm._meta.get_fields()}
    ListingTerm.objects.filter(listing_id__in=[x.pk for x in listings]).delete()
    rows = []
    for listing in listings:
        text = search_text(
            names[listing.community_id],
            listing.features,
            listing.building_type,
            listing.decoration,
            listing.description,
        )
        copies = {k: v for k, v in index_copies(listing).items() if k in fields}
        rows += [ListingTerm(listing_id=listing.pk, term=t, **copies) for t in stored_terms(text)]
    ListingTerm.objects.bulk_create(rows, batch_size=5_000)


def rematch_demands(apps, schema_editor):  # type: ignore[no-untyped-def]
    from cityplatform.housing.matching.criteria import feature_terms, keyword_terms

    BuyerDemand = apps.get_model("housing", "BuyerDemand")
    DemandMatchKey = apps.get_model("housing", "DemandMatchKey")
    for demand in BuyerDemand.objects.order_by("pk").iterator(chunk_size=BATCH):
        terms = {
            "features": feature_terms(demand.features),
            "keywords": keyword_terms(demand.keywords),
        }
        if terms != demand.match_terms:
            demand.match_terms = terms
            demand.save(update_fields=["match_terms"])
            DemandMatchKey.objects.filter(demand=demand).update(
                terms=json.dumps(terms, ensure_ascii=False)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("housing", "0008_demand_key_covers_score"),
    ]

    operations = [
        migrations.RunPython(reindex_listings, migrations.RunPython.noop),
        migrations.RunPython(rematch_demands, migrations.RunPython.noop),
    ]
