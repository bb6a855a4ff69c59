from schools.models import (
    CuratorAssignment,
    Municipality,
    Participation,
    Region,
    RoleAssignment,
    School,
    SchoolStaff,
    SchoolUserObjectPermission,
    User,
)


def db_state() -> tuple:
    """Everything an import may touch, to compare before and after."""
    return (
        list(School.objects.order_by("pk").values_list()),
        list(User.objects.order_by("pk").values_list("email", "last_name", "first_name", "middle_name", "phone")),
        list(SchoolStaff.objects.order_by("pk").values_list("user_id", "school_id", "kind")),
        list(Participation.objects.order_by("pk").values_list("school_id", "year_id")),
        list(Municipality.objects.order_by("pk").values_list()),
        list(Region.objects.order_by("pk").values_list()),
        list(RoleAssignment.objects.order_by("pk").values_list()),
        list(CuratorAssignment.objects.order_by("pk").values_list("curator_id", "school_id", "contract_number")),
        SchoolUserObjectPermission.objects.count(),
    )
