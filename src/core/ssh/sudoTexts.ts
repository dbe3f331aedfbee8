// sudo's own error texts, English and German, exactly as sudo prints them: the English msgids of
// sudo 1.9 and their German msgstr from Debian 12's sudo 1.9.13 (usr/share/locale/de/LC_MESSAGES/
// sudo.mo and sudoers.mo). A Spark with LANG=de_DE.UTF-8 answers in German; both the SSH layer
// (classifySudo) and `tailspark explain` (classifyCliOutput) read sudo through these patterns.

/** "user is not in the sudoers file" / "may not run sudo" / "is not allowed to execute …". */
export const SUDO_NOT_ALLOWED =
  /^.*(?:is not in the sudoers file|is not allowed to execute|not allowed to execute|may not run sudo|ist nicht in der sudoers-Datei|sudo für .* nicht verwenden|als .* auf .* nicht ausführen).*$/m;

/** A wrong password: "Sorry, try again." / "N incorrect password attempt(s)". */
export const SUDO_WRONG_PASSWORD = /^.*(?:Sorry, try again\.|incorrect password attempt|Das hat nicht funktioniert, bitte nochmal probieren\.|Fehlversuche? bei der Passwort-Eingabe).*$/m;

/** sudo wanted a password and had none (sudo -n, or no terminal). */
export const SUDO_PASSWORD_REQUIRED =
  /^sudo: (?:a password is required|a terminal is required to read the password.*|no password was provided|Ein Passwort ist notwendig|Zum Lesen des Passworts ist ein Terminal erforderlich.*|Es wurde kein Passwort angegeben)$/m;
