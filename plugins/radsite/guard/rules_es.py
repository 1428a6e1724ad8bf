"""PHI rules for Spanish text (issue 21): the identifiers Spanish and Latin American records carry.

Kept apart from `rules` (which compiles them, `rules.SPANISH`) so the English rules and these can
change without touching each other. Each rule is data: a category, how to fix it, its patterns, what
a line must hold for them to apply (`needs`, a key of `phi.needs_present`) and a gate (searched in
the lower-cased line of a line with digits). Names need `es-name`: one of `NAME_HINTS` in the line,
so most English lines never reach these patterns.

What they find: names after Dña./Sr./Srta. in any case, after "Pcte." or a label ("Nombre:",
"Apellidos:", "Familiar de contacto:"), "se llama ..."; record numbers ("historia clínica",
"n.º de historia", "NHC", "nº HC", "número de expediente", petición, acceso, CIP); labelled dates
of birth ("F. nac.", "Fecha nac.", "nacido/a el"); DNI, NIE (also bare: X1234567L), CURP (bare),
NSS and "número de la Seguridad Social"; policy and account numbers; device serial numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UP = "A-ZÀ-ÖØ-ÞĀ-ſḀ-ỿ"
_LO = "a-zß-öø-ÿĀ-ſḀ-ỿ"
_NAME = rf"[{_UP}](?:[{_LO}'’-]|(?<=['’-])[{_UP}])+"  # a capitalised name: Ríos, Ortuño, O'Neill
_CAPS = rf"[{_UP}]{{2,}}"  # a name in capitals: MORALES
_PARTICLES = r"(?:(?:de|del|de[ \t]+la|de[ \t]+los|y)[ \t]+)?"
_TWO_NAMES = rf"{_NAME}[ \t]+{_PARTICLES}{_NAME}"  # nombre y apellido, or dos apellidos
_MES = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|sep?tiembre|octubre|noviembre|diciembre)"
_DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}|"
         rf"\d{{1,2}}[ \t]+de[ \t]+{_MES}(?:[ \t]+de[ \t]+\d{{4}})?)")  # fmt: skip
_NUMBER_LABEL = r"(?:n[uú]m(?:ero|\.)?|n\.?[ \t]?[ºo°]\.?)[ \t]*(?:de[ \t]+)?"  # "número de", "n.º de", "nº"

NAME_FIX = "a patient's name: write 'the patient' or 'a woman in her forties' instead"
# What a line must contain for a Spanish name rule to run (case-sensitive `in` tests, phi.needs_present).
NAME_HINTS: tuple[str, ...] = ("Dña", "DÑA", "dña", "SR", "eñor", "EÑOR", "Pcte", "PCTE", "pcte", "ombre", "OMBRE", "pellido",
              "PELLIDO", "amiliar", "AMILIAR", "compañante", "COMPAÑANTE", "llam", "LLAM", "utor", "UTOR", "irmad")  # fmt: skip
# Words just before a date that make it a citation or a law, not a patient's date ("Ley 41/2002, de 14 de noviembre").
CITATION_WORDS = (r"ley|real[ \t]+decreto|decreto|reglamento|boe|dof|publicad[oa]|actualizad[oa]|revisad[oa]|"
                  r"accedido|consultado|revista")  # fmt: skip
# Words before "X." that make it a letter, not an initial ("rayos X. Lea más", "vitamina D. La").
NOT_AN_INITIAL_BEFORE = r"\b(?:rayos|vitamina|tipo|grado|clase|fase|estadio|hepatitis|factor|anexo|nivel|letra|zona)[ \t]+$"


@dataclass(frozen=True)
class Spec:
    """One rule as data; `rules` compiles it with the English rules' own `_rule`."""

    category: str
    fix: str
    patterns: tuple[str, ...]
    flags: int = re.IGNORECASE
    needs: str = "digit"
    gate: str | None = None


# fmt: off
RULES: tuple[Spec, ...] = (
    Spec("name", NAME_FIX, (
        # Dña. Pilar, Srta. Olmedo, SR. MORALES, la señora Castañeda (Sr./Sra./Don/Doña are in `rules`)
        rf"(?:D(?<!\wD)ña|DÑA|S(?<!\wS)R(?:TA|A)?|(?<!\w)(?:[Ss]e[ñn]or(?:a|ita)?|SEÑOR(?:A|ITA)?))\.?[ \t]+"
        rf"(?:de[ \t]+(?:la[ \t]+|los[ \t]+)?|del[ \t]+)?(?:{_NAME}|{_CAPS}\b)",
        # Pcte. Eusebio Lozano
        rf"(?i:p(?<!\wp)cte)\.?[ \t]*:?[ \t]*{_TWO_NAMES}",
        # Nombre: ..., Apellidos: ..., Familiar de contacto: ..., Acompañante: ..., Tutor: ...
        r"(?i:(?<!\w)(?:nombre(?:[ \t]+(?:y[ \t]+apellidos|completo|del?[ \t]+(?:la[ \t]+)?paciente))?|apellidos?|"
        r"primer[ \t]+apellido|segundo[ \t]+apellido|familiar(?:[ \t]+de[ \t]+contacto)?|acompañante|tutora?(?:[ \t]+legal)?))"
        rf"[ \t]*[:=|][ \t]*{_TWO_NAMES}",
        # a surname field of a form export alone: "apellido1=Fuentes"
        rf"(?i:(?<!\w)(?:apellido[12]|primer[ \t]+apellido|segundo[ \t]+apellido))[ \t]*[:=|][ \t]*{_NAME}",
        # la paciente se llama Natalia Serrano, una mujer llamada ...
        rf"(?i:(?<!\w)(?:se[ \t]+llama|llamad[oa]|de[ \t]+nombre))[ \t]+{_TWO_NAMES}",
        # who signed a consent or a form is the patient or a relative ("firmado por Begoña Iturralde"); a clinician
        # signs with a title (Dr., Dra.), which the two names cannot start with
        rf"(?i:(?<!\w)firmad[oa][ \t]+por)[ \t]+{_TWO_NAMES}",
    ), flags=0, needs="es-name"),
    Spec("mrn", "a medical record or accession number: delete it; teaching material never carries one", (
        rf"(?<!\w)(?:{_NUMBER_LABEL})?(?:(?:expediente|exp\.)(?:[ \t]+(?:cl[ií]nico|m[eé]dico))?|expte|registro|"
        r"petici[oó]n|acceso|"
        r"(?-i:H)\.?[ \t]?[ªa]\.?[ \t]*cl[ií]nica|"  # "N.º de H.ª clínica" (NFKC: "H.a clínica")
        r"episodio|"
        rf"solicitud|historia(?:[ \t]+cl[ií]nica)?|(?-i:H\.?[ \t]?C\b\.?)|(?-i:NHC)|(?-i:NUHSA))"
        # a place's name or a unit between the label and the number: "Historia clínica Hospital de Melilla 0044718",
        # "Registro del mortuorio M25/0447"
        r"(?:[ \t]+(?:del?[ \t]+(?:la[ \t]+)?)?(?:mortuorio|dep[oó]sito|tanatorio|urgencias|hospital|centro|servicio|"
        r"laboratorio|hemoterapia|quir[oó]fano)(?:[ \t]+(?:de[ \t]+)?(?-i:[A-ZÁÉÍÓÚ][a-záéíóúñü]+)){0,2}|"
        r"[ \t]+(?:del?[ \t]+|en[ \t]+)?(?-i:[A-ZÁÉÍÓÚ][a-záéíóúñü]+)(?:[ \t]+(?:de|del|"
        r"de[ \t]+la)[ \t]+(?-i:[A-ZÁÉÍÓÚ][a-záéíóúñü]+))?"
        r"(?=[ \t]+[A-Z]{0,4}[ \t/-]?\d))?"
        r"[ \t]*(?:es[ \t]+|:|#|-)*[ \t]*(?:n\.?[ \t]?[ºo°]\.?[ \t]*)?[:#]?[ \t]*[A-Z]{0,4}[ \t/-]?\d(?:[ \t/-]?\d){3,}\b",
        # the Spanish health card's personal code (CIP autonómico): four letters and ten to twelve digits
        r"\b(?:CIP(?:-SNS)?|TSI|tarjeta[ \t]+sanitaria)(?:[ \t]+auton[oó]mic[oa]|[ \t]+individual)?"
        # the region's name between the label and the code: "CIP Cantabria CANT...", "Tarjeta sanitaria de Galicia GA..."
        r"(?:[ \t]+(?:de[ \t]+(?:la[ \t]+)?)?(?-i:[A-ZÁÉÍÓÚ][a-záéíóúñü]+)(?:[ \t]+(?:y[ \t]+)?(?-i:[A-ZÁÉÍÓÚ][a-záéíóúñü]+))?)?"
        r"[ \t]*(?:n\.?[ºo°]\.?)?[ \t]*[:#]?[ \t]*"
        r"(?-i:[A-Z]{2,4}[ \t]?\d(?:[ \t]?[0-9A-Z]){8,13})\b",
        r"(?-i:\bSIP)[ \t]*(?:n\.?[ºo°]\.?)?[ \t]*[:#]?[ \t]*\d{6,10}\b",  # the Valencian health card's number
    ), gate=r"expediente|expte|exp\.|episodio|registro|petici|acceso|solicitud|historia|h\.?[ \t]?c|"
            r"h\.?[ \t]?[ªa]\.?[ \t]*cl|nhc|nuhsa|\bcip\b|\btsi\b|tarjeta|\bsip\b"),
    Spec("date", "a date tied to a patient (birth, admission, exam): keep the year only, or say 'two weeks later'", (
        rf"(?<!\w)(?:fecha[ \t]+(?:de[ \t]+)?nac(?:imiento|\.)?|f\.[ \t]?nac(?:imiento|\.)?|(?-i:FN|FDN|F\.N\.)|"
        rf"nacid[oa][ \t]+el|naci[oó][ \t]+el)[ \t]*[:.-]?[ \t]*(?:el[ \t]+)?{_DATE}",
    ), gate=r"nac|\bfn|\bfdn|f\.n\."),
    Spec("ssn", "a national identity or social security number (DNI, NIE, CURP, NSS): delete it", (
        r"(?<!\w)(?:D\.N\.I\.|N\.I\.E\.|N\.I\.F\.|documento[ \t]+(?:nacional[ \t]+)?de[ \t]+identidad)[ \t]*(?:n\.?[ºo°]\.?)?"
        r"[ \t]*[:#|]?[ \t]*[XYZ]?[ -]?\d{7,8}[ -]?[A-Z]\b",
        r"(?-i:(?<![\w-])[XYZ]-?\d{7}-?[A-Z](?![\w-]))",  # a NIE, even unlabelled: X1234567L
        r"(?-i:\b[A-Z][AEIOUX][A-Z]{2}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b)",  # a CURP (Mexico), even unlabelled
        r"(?<!\w)(?:(?-i:NSS|N\.S\.S\.|NUSS|IMSS)|(?:n[uú]mero|n\.?º)[ \t]+de[ \t]+(?:la[ \t]+)?seguridad[ \t]+social|"
        r"(?:n[uú]mero|n\.?º)[ \t]+de[ \t]+afiliaci[oó]n(?:[ \t]+a[ \t]+la[ \t]+seguridad[ \t]+social)?|seguridad[ \t]+social)"
        r"[ \t]*(?:n\.?[ºo°]\.?)?[ \t]*(?:es[ \t]+)?[:#|]?[ \t]*\d{2}[ \t/-]?\d{8}[ \t/-]?\d{1,2}\b",
    ), gate=r"d\.n\.i|n\.i\.[ef]|identidad|[xyz]-?\d{7}|[a-z]{4}\d{6}[hm]|nss|nuss|n\.s\.s|imss|seguridad|afiliaci"),
    Spec("account", "an account, health-plan, licence or vehicle number: delete it", (
        r"(?<!\w)(?:(?:n[uú]mero|n\.?º)[ \t]+de[ \t]+)?(?:p[oó]liza|cuenta|afiliado|asegurado|factura|matr[ií]cula)"
        r"(?:[ \t]+de[ \t]+(?:facturaci[oó]n|cobro|pago|cliente|abonado))?"  # "Cuenta de facturación 4471882"
        r"[ \t]*(?:n\.?[ºo°]\.?)?[ \t]*[:#]?[ \t]*(?=[A-Z]{0,4}[ \t-]?\d)[A-Z0-9](?:[A-Z0-9-]|[ \t](?=\d)){5,}",
        # a policy of any kind with letters before its digits: "Póliza de viaje PV447188210"
        # (and the insurer's name in capitals between: "Póliza de salud ASISA AS-4471882")
        r"(?<!\w)p[oó]liza(?:[ \t]+de[ \t]+[a-záéíóúñ]+)?(?:[ \t]+(?-i:[A-Z][A-Za-z]{1,11}))?[ \t]*(?:n\.?[ºo°]\.?)?[ \t]*[:#]?"
        r"[ \t]*(?-i:[A-Z]{0,4})-?\d{6,}\b",
        # a passport's number, and a Spanish plate (four digits, three consonants) after the vehicle's word
        r"(?<!\w)pasaporte[ \t]*(?:n\.?[ºo°]\.?)?[ \t]*[:#]?[ \t]*[A-Z]{0,3}\d{6,9}\b",
        r"(?<!\w)matr[ií]cula(?:[ \t]+del?[ \t]+(?:veh[ií]culo|coche|moto(?:cicleta)?|turismo|cami[oó]n))?[ \t]*[:#]?[ \t]*"
        r"\d{4}[ \t-]?(?-i:[BCDFGHJKLMNPRSTVWXYZ]{3})\b",
        # Latin America's plate by its words (placa, patente, chapa): letters, then digits ("ABC-1234", "AB 123 CD")
        r"(?<!\w)(?:placa|patente|chapa)(?:[ \t]+del?[ \t]+(?:veh[ií]culo|coche|carro|auto(?:m[oó]vil)?|moto(?:cicleta)?|"
        r"cami[oó]n|taxi))?[ \t]*(?:n\.?[ºo°]\.?)?[ \t]*[:#]?[ \t]*(?-i:[A-Z]{2,3}[ \t·-]?\d{2,4}(?:[ \t·-]?[A-Z0-9]{1,3})?)\b",
    ), gate=r"p[oó]liza|cuenta|afiliado|asegurado|factura|matr[ií]cula|pasaporte|placa|patente|chapa"),
    Spec("address", "a street address or full ZIP code: give the state at most ('lives in Ohio')", (
        # Latin American addresses by neighbourhood and house: "Barrio San Pedro, casa 14", "Urb. Los Olivos, Mz. B lote 4"
        rf"(?<!\w)(?:Barrio|B[º°]|Urbanizaci[oó]n|Urb\.|Colonia|Col\.|Sector|Reparto)[ \t]+{_NAME}(?:[ \t]+{_NAME})*,?[ \t]+"
        # "Col. Palmira, Calle 4, casa 1471", "Colonia Palmira, Calle República de Chile, casa 447"
        r"(?:(?:Calle|Avenida|Av\.|Pasaje|Psje\.)(?:[ \t]+\w+){1,4},?[ \t]+)?"
        # "Mz. B Lt. 14": a block's letter, then its lot
        r"(?i:casa|lote|lt\.|mz\.?|manzana|depto\.?|dpto\.?|piso|bloque|blq\.|edificio|torre|portal|n[º°o]\.?)[ \t]*[A-Z]?"
        r"(?:[ \t]*,?[ \t]*(?i:lt\.?|lote))?[ \t]*\d+",
        # Venezuela's house by its name in an urbanisation: "Urb. Los Palos Grandes, 4.ª transversal, Qta. Mireya"
        rf"(?<!\w)(?:Urbanizaci[oó]n|Urb\.)[ \t]+{_NAME}(?:[ \t]+{_NAME})*,[^,\n]{{0,40}},[ \t]*"
        rf"(?:Quinta|Qta\.|Residencias|Res\.|Edificio|Edif\.)[ \t]+{_NAME}",
        # Guatemala's ordinal avenue and its house "6a Avenida 12-44", and its zone: "Zona 1, Ciudad de Guatemala"
        r"(?<!\w)\d{1,2}(?:ª|a\.?|\.ª)[ \t]+(?:Avenida|Av\.|Calle|Ave\.)(?:[ \t]+[A-Z])?[ \t]+\d{1,3}-\d{1,3}\b",
        # Havana's block "entre" two streets: "Calle 23 n.º 456 entre F y G"
        r"(?<!\w)(?:Calle|Avenida|Ave\.|Av\.)[ \t]+\w+[ \t]+(?:n\.?[º°o]\.?|No\.?|N[º°o]\.?|#)[ \t]*\d{1,5}"
        r"[ \t]+entre[ \t]+\w+[ \t]+y[ \t]+\w+",
        # a post-office box: "Apartado Postal 4471", "Apartado de Correos 12", "Casilla de Correo 447"
        r"(?<!\w)(?:Apartado(?:[ \t]+(?:Postal|de[ \t]+Correos))?|Casilla(?:[ \t]+de[ \t]+Correos?)?)[ \t]+"
        r"(?:n[º°o]\.?[ \t]*)?\d{1,6}\b",
        # a Colombian grid address: "Carrera 7 # 32-16", "Cra. 15 No. 93-60", "Calle 26 Sur # 4-12"
        r"(?<!\w)(?:Calle|Cl\.|Carrera|Cra\.?|Kr\.?|Avenida|Av\.|Diagonal|Dg\.|Transversal|Tv\.)[ \t]*\d{1,3}[A-Z]?"
        r"(?:[ \t]+(?:Bis|Sur|Norte|Este))?[ \t]*(?:#|No\.?|N[º°o]\.?)[ \t]*\d{1,3}[A-Z]?[ \t]*-[ \t]*\d{1,3}\b",
        # an address by a landmark, as Nicaragua and Costa Rica give them: "2 c. al sur", "200 m al norte"
        r"(?i:\b\d{1,4}(?:[ \t]*½)?[ \t]*(?:c\.|cuadras?|cdas?\.|vrs\.?|varas|m\.?|mts\.?|metros)[ \t]+al[ \t]+"
        r"(?:sur|norte|este|oeste|lago|arriba|abajo|noreste|noroeste|sureste|suroeste)\b)",
    ), flags=0, gate=r"[ \t]al[ \t]+(?:sur|norte|este|oeste|lago|arriba|abajo|nor)|barrio|b[º°]|urbanizaci|urb\.|"
        r"\d(?:ª|a\.?|\.ª)[ \t]+(?:av|calle)|"
        r"colonia|col\.|sector|reparto|"
                     r"apartado|casilla|calle|cl\.|carrera|cra|kr|avenida|av\.|diagonal|dg\.|"
                     r"transversal|tv\."),
    Spec("device", "a device serial number or identifier: name the device type only", (
        # "N.º de serie de la bomba de insulina: BI-4471882": the device named between the label and the number
        rf"(?<!\w){_NUMBER_LABEL}serie(?:[ \t]+(?:del?|de[ \t]+la|"
        rf"de[ \t]+los)[ \t]+\w+(?:[ \t]+del?[ \t]+\w+)?)?[ \t]*[:#]?[ \t]*(?=[A-Z()-]*[ \t]?\d)[A-Z0-9](?:[A-Z0-9-]){{3,}}",
    ), gate=r"serie"),
)
# fmt: on
