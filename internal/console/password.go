package console

import (
	"errors"
	"net/http"

	"github.com/iamd/iamd/internal/service/iam"
)

// Texts of the password change page.
const (
	msgPasswordMismatch   = "The new password and its confirmation do not match."
	msgRootPasswordLength = "The new password must be 8 to 128 characters long."
	// noticePasswordChanged is the dashboard's notice code after a change;
	// the dashboard maps it to "Your password has been changed."
	noticePasswordChanged = "password-changed"
)

// changePasswordData is the password change page's data.
type changePasswordData struct {
	// Forced: the password must be changed before the console opens (an
	// administrator required it, or it expired).
	Forced bool
	// Root: the root user's password is no IAM password: it is changed
	// here without ChangePassword or the account's password policy.
	Root    bool
	Problem string
}

// passwordStage wraps the password change page, which both a session
// forced to change its password (StagePassword) and a fully signed-in one
// (StageActive) may open.
func (c *Console) passwordStage(h func(w http.ResponseWriter, r *http.Request, s *Session)) http.HandlerFunc {
	return c.atStage(h, StagePassword, StageActive)
}

// changePassword changes the signed-in IAM user's own password with
// ChangePassword, so the account's password policy and the user's
// permissions apply as they would to the CLI. A forced change completes
// the sign-in. The root user's password, no IAM password, is changed
// through the backend.
func (c *Console) changePassword(w http.ResponseWriter, r *http.Request, s *Session) {
	d := changePasswordData{Forced: s.Stage == StagePassword, Root: s.Identity.Root}
	view := View{Title: "Change password"}
	if !d.Forced {
		view.Nav = "mfa"
	}
	show := func(status int) {
		view.Data = d
		c.render(w, r, status, "change_password", s, view)
	}
	if r.Method != http.MethodPost {
		show(http.StatusOK)
		return
	}
	oldPassword, newPassword := r.PostFormValue("old_password"), r.PostFormValue("new_password")
	if newPassword != r.PostFormValue("confirm_password") {
		d.Problem = msgPasswordMismatch
		show(http.StatusBadRequest)
		return
	}
	if d.Root {
		err := c.cfg.Backend.ChangeRootPassword(r.Context(), facts(r), s.Principal(c.cfg.AbsoluteTimeout), oldPassword, newPassword)
		switch {
		case errors.Is(err, ErrRootPasswordLength):
			d.Problem = msgRootPasswordLength
			show(http.StatusBadRequest)
			return
		case errors.Is(err, ErrBadCredentials), errors.Is(err, ErrThrottled):
			show(c.signinFailure(r, err, &d.Problem))
			return
		case err != nil:
			view.Error = c.pageError(r, err)
			show(errorStatus(err))
			return
		}
		http.Redirect(w, r, "/console/?notice="+noticePasswordChanged, http.StatusSeeOther)
		return
	}
	err := c.do(r, s, "iam", "ChangePassword", &iam.ChangePasswordRequest{OldPassword: oldPassword, NewPassword: newPassword})
	if err != nil {
		view.Error = c.pageError(r, err)
		show(errorStatus(err))
		return
	}
	if d.Forced {
		s.Identity.PasswordResetRequired = false
		s.Stage = StageActive
		if err := c.cfg.Backend.Sessions().Update(r.Context(), s); err != nil {
			c.internalError(w, r, err)
			return
		}
	}
	http.Redirect(w, r, "/console/?notice="+noticePasswordChanged, http.StatusSeeOther)
}
