"""Components: ``present_only`` (shown at the counter, not uploaded online)
and ``generated_from_eform`` (the procedure's own application form, filled
in on the e-form), both set from the component's wording; a clearer help
text on ``case_group``."""

from django.db import migrations, models

from content.models.component_kinds import detect_generated_from_eform, detect_present_only


def set_from_wording(apps, schema_editor):
    component_model = apps.get_model("content", "ProcedureComponent")
    changed = []
    for component in component_model.objects.all().iterator():
        present = detect_present_only(component.name)
        generated = not present and detect_generated_from_eform(
            component.name, component.template_name, bool(component.template_id)
        )
        if present or generated:
            component.present_only, component.generated_from_eform = present, generated
            changed.append(component)
    component_model.objects.bulk_update(changed, ["present_only", "generated_from_eform"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_body_headings"),
    ]

    operations = [
        migrations.AddField(
            model_name="procedurecomponent",
            name="present_only",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Đánh dấu nếu giấy tờ chỉ phải xuất trình bản chính tại quầy (ví dụ “để xuất trình”, “bản chính "
                    "để đối chiếu”): khi nộp trực tuyến không phải tải lên, chỉ được nhắc mang theo."
                ),
                verbose_name="Chỉ xuất trình, không nộp",
            ),
        ),
        migrations.AddField(
            model_name="procedurecomponent",
            name="generated_from_eform",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Đánh dấu cho tờ khai, đơn, giấy đề nghị theo mẫu của chính thủ tục: khi nộp trực tuyến, người nộp "
                    "khai trên biểu mẫu điện tử thay cho giấy này và không phải tải lên."
                ),
                verbose_name="Lập từ tờ khai điện tử",
            ),
        ),
        migrations.AlterField(
            model_name="procedurecomponent",
            name="case_group",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Để trống nếu giấy tờ áp dụng cho mọi người nộp. "
                    "Nếu chỉ áp dụng trong một trường hợp, ghi đúng tên trường hợp như trên hồ sơ giấy, "
                    "giống hệt nhau cho mọi giấy tờ của cùng trường hợp. Tờ khai "
                    "điện tử hỏi người nộp “Trường hợp của Ông/Bà” và chỉ yêu cầu giấy tờ của trường hợp được chọn: "
                    "“Đối với …” (ví dụ “Đối với tổ chức”) là đối tượng nộp, chỉ chọn một; trường hợp có chữ "
                    "“ủy quyền” được hỏi riêng; các “Trường hợp …” khác có thể chọn nhiều."
                ),
                max_length=255,
                verbose_name="Trường hợp",
            ),
        ),
        migrations.RunPython(set_from_wording, migrations.RunPython.noop),
    ]
