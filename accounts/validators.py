from django.core.exceptions import ValidationError


class CharacterClassValidator:
    """Peraturan BSSN 4/2021: a password mixes upper case, lower case, digits and symbols."""

    def validate(self, password: str, user=None) -> None:
        missing = []
        if not any(c.islower() for c in password):
            missing.append("huruf kecil")
        if not any(c.isupper() for c in password):
            missing.append("huruf besar")
        if not any(c.isdigit() for c in password):
            missing.append("angka")
        if all(c.isalnum() for c in password):
            missing.append("simbol (mis. ! @ # -)")
        if missing:
            raise ValidationError(
                "Kata sandi harus memuat " + ", ".join(missing) + ".",
                code="password_character_classes",
            )

    def get_help_text(self) -> str:
        return "Kata sandi memuat huruf besar, huruf kecil, angka, dan simbol."
