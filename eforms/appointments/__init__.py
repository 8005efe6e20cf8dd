"""Appointments (đặt lịch hẹn, issue 15): a citizen books a slot at a
counter for a procedure, cancels or moves it with its secret, and checks in
at the kiosk for a priority queue ticket; officers see the day's list."""
