"""Two-factor guard for staff: password, then second factor, then access."""
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and path.startswith(settings.TWOFACTOR_PROTECTED_PATHS)
            and not user.is_verified()
        ):
            return redirect(f"{reverse('twofactor:verify')}?next={path}")
        return self.get_response(request)
