
import cityplatform.ledger.fields
from django.db import migrations, models


def offer_equal_instalments(apps, schema_editor):
    """Products offering equal principal instalments meant "equal instalments": they
    now also offer 等额本息 (equal totals), listed before 等额本金."""
    Product = apps.get_model("lending", "Product")
    for product in Product.objects.all():
        methods = list(product.repayment_methods)
        if "equal_principal" in methods and "equal_instalment" not in methods:
            methods.insert(methods.index("equal_principal"), "equal_instalment")
            product.repayment_methods = methods
            product.save(update_fields=["repayment_methods"])


def withdraw_equal_instalments(apps, schema_editor):
    Product = apps.get_model("lending", "Product")
    for product in Product.objects.all():
        if "equal_instalment" in product.repayment_methods:
            product.repayment_methods = [
                m for m in product.repayment_methods if m != "equal_instalment"
            ]
            product.save(update_fields=["repayment_methods"])


class Migration(migrations.Migration):

    dependencies = [
        ('lending', '0004_close_of_business'),
    ]

    operations = [
        migrations.AddField(
            model_name='draw',
            name='instalment_amount',
            field=cityplatform.ledger.fields.MoneyField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='monthly instalment'),
        ),
        migrations.AddField(
            model_name='draw',
            name='interest_accrued_at_last_due',
            field=cityplatform.ledger.fields.MoneyField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='interest charged up to the last due date'),
        ),
        migrations.AddField(
            model_name='instalment',
            name='interest_expected',
            field=cityplatform.ledger.fields.MoneyField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='interest expected'),
        ),
        migrations.AlterField(
            model_name='draw',
            name='repayment_method',
            field=models.CharField(choices=[('monthly_interest', 'Monthly interest, principal at maturity'), ('equal_instalment', 'Equal monthly instalments of principal and interest'), ('equal_principal', 'Equal principal instalments'), ('bullet', 'Principal and interest at maturity')], max_length=20, verbose_name='repayment method'),
        ),
        migrations.RunPython(offer_equal_instalments, withdraw_equal_instalments),
    ]
