"""Static Ecuadorian data for the seed: places, cooperatives, banks, facilities, surnames.

Everything here is invented for the lab: the organisations do not exist and every e-mail
domain ends in `.lab` or `.example`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Place(BaseModel):
    """A parish in a canton of a coastal province, where farms and facilities are."""

    model_config = ConfigDict(frozen=True)

    province: str
    canton: str
    parishes: tuple[str, ...]
    # First two digits of a cédula issued in this province.
    province_code: str


class CompanySpec(BaseModel):
    """One organisation of the value chain, with the share of farmers it buys from."""

    model_config = ConfigDict(frozen=True)

    name: str
    abbreviation: str
    kind: str  # cooperative | association | exporter | shrimp
    status: str  # CompanyStatus
    place: int  # index into PLACES
    product: str  # ProductType code
    farmer_share: float
    domain: str
    about: str


class Login(BaseModel):
    """A named account trainees can use (or fail to use) against the API."""

    model_config = ConfigDict(frozen=True)

    email: str
    password: str
    role: str
    status: str
    company: str | None
    company_role: str | None
    note: str


# email local part, name, surname, role, status, company index, company role, note
NAMED_LOGINS: tuple[tuple[str, str, str, str, str, int | None, str | None, str], ...] = (
    (
        "tecnico",
        "Carlos Andrés",
        "Mendoza Loor",
        "USER",
        "ACTIVE",
        0,
        "COMPANY_ADMIN",
        "Inicia sesión; administra la asociación APROCAR.",
    ),
    (
        "contadora",
        "María José",
        "Cedeño Vera",
        "USER",
        "ACTIVE",
        0,
        "ACCOUNTANT",
        "Inicia sesión; contabilidad de APROCAR.",
    ),
    (
        "regional",
        "Luis Alberto",
        "Zambrano Intriago",
        "REGIONAL_ADMIN",
        "ACTIVE",
        1,
        "MANAGER",
        "Inicia sesión; administrador regional.",
    ),
    (
        "sistemas",
        "Diana Carolina",
        "Alcívar Moreira",
        "SYSTEM_ADMIN",
        "ACTIVE",
        None,
        None,
        "Inicia sesión; administradora del sistema.",
    ),
    (
        "desactivado",
        "Jorge Luis",
        "Macías Bravo",
        "USER",
        "DEACTIVATED",
        0,
        "COMPANY_USER",
        "Cuenta desactivada: el login responde 403.",
    ),
    (
        "pendiente",
        "Ana Lucía",
        "Quiñónez Cortez",
        "USER",
        "UNCONFIRMED",
        2,
        "COMPANY_USER",
        "No confirmó su correo: el login responde 403.",
    ),
    (
        "confirmado",
        "Pedro Pablo",
        "Vélez Palma",
        "USER",
        "CONFIRMED_EMAIL",
        3,
        "COMPANY_USER",
        "Correo confirmado, sin activar por un administrador: 403.",
    ),
)

PLACES: tuple[Place, ...] = (
    Place(
        province="Manabí",
        canton="Bolívar",
        province_code="13",
        parishes=("Calceta", "Quiroga", "Membrillo"),
    ),
    Place(
        province="Manabí",
        canton="Chone",
        province_code="13",
        parishes=("Chone", "Canuto", "Ricaurte", "Eloy Alfaro"),
    ),
    Place(
        province="Manabí",
        canton="El Carmen",
        province_code="13",
        parishes=("El Carmen", "Wilfrido Loor", "San Pedro de Suma"),
    ),
    Place(
        province="Manabí",
        canton="Flavio Alfaro",
        province_code="13",
        parishes=("Flavio Alfaro", "Zapallo", "San Francisco de Novillo"),
    ),
    Place(
        province="Esmeraldas",
        canton="Quinindé",
        province_code="08",
        parishes=("Rosa Zárate", "Malimpia", "Viche", "La Unión"),
    ),
    Place(
        province="Esmeraldas",
        canton="Muisne",
        province_code="08",
        parishes=("Muisne", "San Gregorio", "Quingue"),
    ),
    Place(
        province="Los Ríos",
        canton="Vinces",
        province_code="12",
        parishes=("Vinces", "Antonio Sotomayor"),
    ),
    Place(
        province="Los Ríos",
        canton="Baba",
        province_code="12",
        parishes=("Baba", "Guare", "Isla de Bejucal"),
    ),
    Place(
        province="Guayas",
        canton="Naranjal",
        province_code="09",
        parishes=("Naranjal", "Jesús María", "San Carlos", "Taura"),
    ),
    Place(
        province="Guayas",
        canton="Guayaquil",
        province_code="09",
        parishes=("Tarqui", "Ximena", "Pascuales"),
    ),
    Place(
        province="El Oro",
        canton="Santa Rosa",
        province_code="07",
        parishes=("Santa Rosa", "Jambelí", "Bellavista"),
    ),
    Place(
        province="El Oro",
        canton="El Guabo",
        province_code="07",
        parishes=("El Guabo", "Tendales", "Río Bonito"),
    ),
)

# Farmers of a company live in its own canton and the neighbouring ones.
NEIGHBOURS: dict[int, tuple[int, ...]] = {
    0: (0, 1, 3),
    1: (1, 0, 2),
    2: (2, 1),
    3: (3, 0, 1),
    4: (4, 5),
    5: (5, 4),
    6: (6, 7),
    7: (7, 6),
    8: (8, 9),
    9: (9, 8),
    10: (10, 11),
    11: (11, 10),
}

COMPANIES: tuple[CompanySpec, ...] = (
    CompanySpec(
        name="Asociación de Productores de Cacao Fino de Aroma Río Carrizal",
        abbreviation="APROCAR",
        kind="association",
        status="ACTIVE",
        place=0,
        product="CACAO",
        farmer_share=0.24,
        domain="aprocar.lab",
        about="Acopio, fermentación y secado de cacao nacional fino de aroma.",
    ),
    CompanySpec(
        name="Cooperativa Agropecuaria Cacao Chone Ltda.",
        abbreviation="COACHONE",
        kind="cooperative",
        status="ACTIVE",
        place=1,
        product="CACAO",
        farmer_share=0.16,
        domain="coachone.lab",
        about="Cooperativa de pequeños productores de cacao.",
    ),
    CompanySpec(
        name="Asociación de Pequeños Productores de Cacao de Quinindé",
        abbreviation="APPCQ",
        kind="association",
        status="ACTIVE",
        place=4,
        product="CACAO",
        farmer_share=0.15,
        domain="appcq.lab",
        about="Productores de cacao del norte de Esmeraldas.",
    ),
    CompanySpec(
        name="Cooperativa de Cacaoteros Vinces Arriba",
        abbreviation="COCAVA",
        kind="cooperative",
        status="ACTIVE",
        place=6,
        product="CACAO",
        farmer_share=0.14,
        domain="cocava.lab",
        about="Cacao arriba de la cuenca del río Vinces.",
    ),
    CompanySpec(
        name="Asociación de Productores Agropecuarios Naranjal",
        abbreviation="ASOPAN",
        kind="association",
        status="REGISTERED",
        place=8,
        product="CACAO",
        farmer_share=0.10,
        domain="asopan.lab",
        about="Registro reciente, en validación.",
    ),
    CompanySpec(
        name="Exportadora Cacao Pacífico Lab S.A.",
        abbreviation="EXPACIFICO",
        kind="exporter",
        status="ACTIVE",
        place=9,
        product="CACAO",
        farmer_share=0.05,
        domain="expacifico.lab",
        about="Exporta cacao en grano seco desde Guayaquil.",
    ),
    CompanySpec(
        name="Camaronera Costa Dorada Lab S.A.",
        abbreviation="COSTADORADA",
        kind="shrimp",
        status="ACTIVE",
        place=10,
        product="CAMARON",
        farmer_share=0.10,
        domain="costadorada.lab",
        about="Camarón blanco (Litopenaeus vannamei) de piscinas.",
    ),
    CompanySpec(
        name="Asociación Agroartesanal Cacao Muisne",
        abbreviation="AGROMUISNE",
        kind="association",
        status="DEACTIVATED",
        place=5,
        product="CACAO",
        farmer_share=0.06,
        domain="agromuisne.lab",
        about="Desactivada en 2026.",
    ),
)

PRODUCT_TYPES: tuple[tuple[str, str, str], ...] = (
    ("CACAO", "Cacao en grano", "Cacao nacional fino de aroma y CCN-51, en baba y seco"),
    ("CAMARON", "Camarón", "Camarón blanco de piscina, entero"),
)

# code, label, is a collection facility
FACILITY_TYPES: tuple[tuple[str, str, bool], ...] = (
    ("COLLECTION_CENTER", "Centro de acopio", True),
    ("FERMENTATION", "Fermentación", False),
    ("DRYING", "Secado", False),
    ("WAREHOUSE", "Bodega", False),
    ("SHRIMP_RECEPTION", "Recepción de camarón", True),
    ("PACKING_PLANT", "Planta empacadora", False),
)

# Facility plan per company kind: (facility type code, name pattern).
FACILITIES_BY_KIND: dict[str, tuple[tuple[str, str], ...]] = {
    "association": (
        ("COLLECTION_CENTER", "Centro de Acopio {parish}"),
        ("COLLECTION_CENTER", "Centro de Acopio {parish2}"),
        ("FERMENTATION", "Cajones de Fermentación {parish}"),
        ("DRYING", "Secadora Solar {parish}"),
    ),
    "cooperative": (
        ("COLLECTION_CENTER", "Centro de Acopio {parish}"),
        ("FERMENTATION", "Fermentación {parish}"),
        ("DRYING", "Tendales de Secado {parish2}"),
        ("WAREHOUSE", "Bodega {canton}"),
    ),
    "exporter": (
        ("COLLECTION_CENTER", "Recepción {parish}"),
        ("WAREHOUSE", "Bodega de Exportación {parish}"),
        ("DRYING", "Secadora Industrial {parish2}"),
    ),
    "shrimp": (
        ("SHRIMP_RECEPTION", "Recepción Piscinas {parish}"),
        ("SHRIMP_RECEPTION", "Recepción {parish2}"),
        ("PACKING_PLANT", "Empacadora {canton}"),
    ),
}

BANKS: tuple[str, ...] = (
    "BanEcuador",
    "Banco Pichincha",
    "Banco del Pacífico",
    "Banco Guayaquil",
    "Banco de Machala",
    "Cooperativa de Ahorro y Crédito Chone Ltda.",
    "Cooperativa de Ahorro y Crédito JEP",
    "Cooperativa de Ahorro y Crédito 29 de Octubre",
)

# Frequent coastal surnames, so lists look like a real Manabí or Esmeraldas roll.
SURNAMES: tuple[str, ...] = (
    "Zambrano",
    "Mendoza",
    "Vera",
    "Cedeño",
    "Intriago",
    "Macías",
    "Loor",
    "Alcívar",
    "Moreira",
    "Bravo",
    "Cevallos",
    "Párraga",
    "Mero",
    "Pincay",
    "Zamora",
    "García",
    "Quiñónez",
    "Cortez",
    "Bone",
    "Angulo",
    "Castillo",
    "Valencia",
    "Caicedo",
    "Preciado",
    "Mora",
    "Chávez",
    "Solórzano",
    "Palma",
    "Vélez",
    "Sornoza",
    "Delgado",
    "Andrade",
    "Rodríguez",
    "Ponce",
    "Murillo",
    "Villamar",
    "Franco",
    "Aguirre",
    "Sánchez",
    "Espinoza",
)

FERMENTATION_REJECTS: tuple[str, ...] = (
    "Humedad sobre el 8 %",
    "Granos pizarrosos sobre el límite",
    "Presencia de moho",
    "Lote mezclado con CCN-51",
    "Peso no coincide con la guía",
)


# Landline area codes, for company phone numbers.
AREA_CODES: dict[str, str] = {
    "Manabí": "05",
    "Esmeraldas": "06",
    "Los Ríos": "05",
    "Guayas": "04",
    "El Oro": "07",
}


def pdf_document(title: str, lines: list[str]) -> bytes:
    """A small but valid one-page PDF (Helvetica, WinAnsi so accents survive)."""

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = ["BT /F1 14 Tf 50 790 Td (" + esc(title) + ") Tj ET"]
    body += [
        f"BT /F1 10 Tf 50 {760 - 16 * i} Td ({esc(line)}) Tj ET" for i, line in enumerate(lines)
    ]
    stream = "\n".join(body).encode("cp1252", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def jpeg_placeholder(comment: str, filler: bytes) -> bytes:
    """JPEG-looking bytes (SOI, JFIF APP0, COM segments, EOI): `file` calls it JPEG.

    Not a decodable picture; the lab only needs logos that look and weigh like files.
    """
    text = comment.encode("utf-8")[:60000]
    jfif = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    app0 = b"\xff\xe0" + (len(jfif) + 2).to_bytes(2, "big") + jfif
    segments = b"".join(
        b"\xff\xfe" + (len(part) + 2).to_bytes(2, "big") + part for part in (text, filler[:60000])
    )
    return b"\xff\xd8" + app0 + segments + b"\xff\xd9"


def receipt_document(
    kind: int,
    identifier: str,
    day: str,
    company: CompanySpec,
    producer: str,
    qty: str,
    price: str,
    cost: str,
    payment: str,
) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of a document attached to a purchase order.

    Rotates through the paperwork a cooperative keeps: plain-text receipts, purchase
    proofs, organic certificates and payment settlements.
    """
    lines = [
        f"{company.name} ({company.abbreviation})",
        f"Fecha: {day}",
        f"Orden: {identifier}",
        f"Productor: {producer}",
        f"Cantidad: {qty} kg   Precio: {price} USD/kg   Total: {cost} USD",
        f"Forma de pago: {payment}",
        "Documento generado para el laboratorio INATrace.",
    ]
    if kind % 4 == 0:
        text = "RECIBO DE COMPRA\n" + "\n".join(lines) + "\n"
        return f"recibo-{identifier}.txt", "text/plain", text.encode("utf-8")
    if kind % 4 == 1:
        return (
            f"comprobante-{identifier}.pdf",
            "application/pdf",
            pdf_document("Comprobante de compra", lines),
        )
    if kind % 4 == 2:
        year = day[:4]
        cert = [
            company.name,
            f"Certificado orgánico (simulado) vigente {year}",
            "Organismo certificador: Certificadora Ejemplo Lab",
            f"Referencia: {identifier}",
        ]
        return (
            f"certificado-organico-{company.abbreviation.lower()}-{year}.pdf",
            "application/pdf",
            pdf_document("Certificado orgánico", cert),
        )
    return (
        f"liquidacion-{identifier}.pdf",
        "application/pdf",
        pdf_document("Liquidación de pago al productor", lines),
    )
