"""Write ontology/data/states.json from the table below (run: python tools/make_states.py).

One row per state: key, name, Wikidata id, capitals (with variant spellings and
seat-of-government metonyms), aliases (official names, abbreviations, older names) and
demonyms. Plural demonyms ("Afghans") are added by rule for regular forms; irregular
ones are written out. Israel's and Palestine's capitals are contested and left out.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "ontology" / "data" / "states.json"

# Singular demonyms with these endings take a plain "s" plural (Afghan -> Afghans).
_REGULAR = ("an", "in", "i", "k", "er", "ot", "ite", "ard", "ean", "on")

# key | name | wikidata | capitals ; | aliases ; | demonyms ;
TABLE = """
afghanistan|Afghanistan|Q889|Kabul|Islamic Emirate of Afghanistan;Islamic Republic of Afghanistan|Afghan
albania|Albania|Q222|Tirana;Tirane|Republic of Albania|Albanian
algeria|Algeria|Q262|Algiers|People's Democratic Republic of Algeria|Algerian
andorra|Andorra|Q228|Andorra la Vella|Principality of Andorra|Andorran
angola|Angola|Q916|Luanda|Republic of Angola|Angolan
antigua_and_barbuda|Antigua and Barbuda|Q781|St. John's;Saint John's||Antiguan;Barbudan
argentina|Argentina|Q414|Buenos Aires|Argentine Republic|Argentine;Argentinian;Argentines
armenia|Armenia|Q399|Yerevan|Republic of Armenia|Armenian
australia|Australia|Q408|Canberra|Commonwealth of Australia|Australian;Aussie
austria|Austria|Q40|Vienna|Republic of Austria|Austrian
azerbaijan|Azerbaijan|Q227|Baku|Republic of Azerbaijan|Azerbaijani;Azeri
bahamas|Bahamas|Q778|Nassau|The Bahamas;Commonwealth of The Bahamas|Bahamian
bahrain|Bahrain|Q398|Manama|Kingdom of Bahrain|Bahraini
bangladesh|Bangladesh|Q902|Dhaka;Dacca|People's Republic of Bangladesh|Bangladeshi
barbados|Barbados|Q244|Bridgetown||Barbadian;Bajan
belarus|Belarus|Q184|Minsk|Republic of Belarus;Byelorussia;Belorussia|Belarusian;Belarussian;Byelorussian;Belorussian
belgium|Belgium|Q31|Brussels|Kingdom of Belgium|Belgian
belize|Belize|Q242|Belmopan||Belizean
benin|Benin|Q962|Porto-Novo|Republic of Benin|Beninese
bhutan|Bhutan|Q917|Thimphu|Kingdom of Bhutan|Bhutanese
bolivia|Bolivia|Q750|Sucre;La Paz|Plurinational State of Bolivia|Bolivian
bosnia_and_herzegovina|Bosnia and Herzegovina|Q225|Sarajevo|Bosnia-Herzegovina;Bosnia|Bosnian;Herzegovinian
botswana|Botswana|Q963|Gaborone|Republic of Botswana|Motswana;Batswana;Botswanan
brazil|Brazil|Q155|Brasilia;Brasília|Federative Republic of Brazil|Brazilian
brunei|Brunei|Q921|Bandar Seri Begawan|Brunei Darussalam|Bruneian
bulgaria|Bulgaria|Q219|Sofia|Republic of Bulgaria|Bulgarian
burkina_faso|Burkina Faso|Q965|Ouagadougou|Burkina;Upper Volta|Burkinabe;Burkinabè
burundi|Burundi|Q967|Gitega;Bujumbura|Republic of Burundi|Burundian
cambodia|Cambodia|Q424|Phnom Penh|Kingdom of Cambodia;Kampuchea|Cambodian;Khmer
cameroon|Cameroon|Q1009|Yaounde;Yaoundé|Republic of Cameroon|Cameroonian
canada|Canada|Q16|Ottawa||Canadian
cape_verde|Cape Verde|Q1011|Praia|Cabo Verde;Republic of Cabo Verde|Cape Verdean;Cabo Verdean
central_african_republic|Central African Republic|Q929|Bangui|Centrafrique|Central African
chad|Chad|Q657|N'Djamena;Ndjamena|Republic of Chad|Chadian
chile|Chile|Q298|Santiago|Republic of Chile|Chilean
china|China|Q148|Beijing;Peking;Zhongnanhai|People's Republic of China;PRC;P.R.C.;Mainland China|Chinese
colombia|Colombia|Q739|Bogota;Bogotá|Republic of Colombia|Colombian
comoros|Comoros|Q970|Moroni|Union of the Comoros;the Comoros|Comorian
democratic_republic_of_the_congo|Democratic Republic of the Congo|Q974|Kinshasa|DRC;DR Congo;D.R. Congo;DRCongo;Congo-Kinshasa;Democratic Republic of Congo;Congo;Zaire|Congolese
republic_of_the_congo|Republic of the Congo|Q971|Brazzaville|Congo-Brazzaville;Republic of Congo|
costa_rica|Costa Rica|Q800|San Jose;San José|Republic of Costa Rica|Costa Rican
ivory_coast|Ivory Coast|Q1008|Yamoussoukro|Côte d'Ivoire;Cote d'Ivoire;Republic of Côte d'Ivoire|Ivorian
croatia|Croatia|Q224|Zagreb|Republic of Croatia|Croatian;Croat
cuba|Cuba|Q241|Havana|Republic of Cuba|Cuban
cyprus|Cyprus|Q229|Nicosia|Republic of Cyprus|Cypriot
czech_republic|Czech Republic|Q213|Prague|Czechia|Czech;Czechs
denmark|Denmark|Q35|Copenhagen|Kingdom of Denmark|Danish;Dane;Danes
djibouti|Djibouti|Q977|Djibouti City|Republic of Djibouti|Djiboutian
dominica|Dominica|Q784|Roseau|Commonwealth of Dominica|
dominican_republic|Dominican Republic|Q786|Santo Domingo||Dominican
ecuador|Ecuador|Q736|Quito|Republic of Ecuador|Ecuadorian;Ecuadorean
egypt|Egypt|Q79|Cairo|Arab Republic of Egypt|Egyptian
el_salvador|El Salvador|Q792|San Salvador|Republic of El Salvador|Salvadoran;Salvadorean
equatorial_guinea|Equatorial Guinea|Q983|Malabo;Ciudad de la Paz|Republic of Equatorial Guinea|Equatoguinean;Equatorial Guinean
eritrea|Eritrea|Q986|Asmara|State of Eritrea|Eritrean
estonia|Estonia|Q191|Tallinn|Republic of Estonia|Estonian
eswatini|Eswatini|Q1050|Mbabane;Lobamba|Swaziland;Kingdom of Eswatini|Swazi;Swazis;Emaswati
ethiopia|Ethiopia|Q115|Addis Ababa|Federal Democratic Republic of Ethiopia|Ethiopian
fiji|Fiji|Q712|Suva|Republic of Fiji|Fijian
finland|Finland|Q33|Helsinki|Republic of Finland|Finnish;Finns
france|France|Q142|Paris|French Republic|French;Frenchman;Frenchmen
gabon|Gabon|Q1000|Libreville|Gabonese Republic|Gabonese
gambia|Gambia|Q1005|Banjul|The Gambia;Republic of The Gambia|Gambian
georgia|Georgia|Q230|Tbilisi||Georgian
germany|Germany|Q183|Berlin|Federal Republic of Germany|German
ghana|Ghana|Q117|Accra|Republic of Ghana|Ghanaian
greece|Greece|Q41|Athens|Hellenic Republic|Greek;Hellenic
grenada|Grenada|Q769|St. George's;Saint George's||Grenadian
guatemala|Guatemala|Q774|Guatemala City|Republic of Guatemala|Guatemalan
guinea|Guinea|Q1006|Conakry|Republic of Guinea;Guinea-Conakry|Guinean
guinea_bissau|Guinea-Bissau|Q1007|Bissau|Republic of Guinea-Bissau|Bissau-Guinean
guyana|Guyana|Q734|Georgetown|Co-operative Republic of Guyana|Guyanese
haiti|Haiti|Q790|Port-au-Prince|Republic of Haiti|Haitian
honduras|Honduras|Q783|Tegucigalpa|Republic of Honduras|Honduran
hungary|Hungary|Q28|Budapest||Hungarian
iceland|Iceland|Q189|Reykjavik;Reykjavík||Icelandic;Icelander
india|India|Q668|New Delhi|Republic of India;Bharat|Indian
indonesia|Indonesia|Q252|Jakarta|Republic of Indonesia|Indonesian
iran|Iran|Q794|Tehran;Teheran|Islamic Republic of Iran;Persia|Iranian
iraq|Iraq|Q796|Baghdad|Republic of Iraq|Iraqi
ireland|Ireland|Q27|Dublin|Republic of Ireland;Eire;Éire|Irish
israel|Israel|Q801||State of Israel|Israeli
italy|Italy|Q38|Rome|Italian Republic|Italian
jamaica|Jamaica|Q766|Kingston||Jamaican
japan|Japan|Q17|Tokyo||Japanese
jordan|Jordan|Q810|Amman|Hashemite Kingdom of Jordan|Jordanian
kazakhstan|Kazakhstan|Q232|Astana;Nur-Sultan|Republic of Kazakhstan|Kazakh;Kazakhs;Kazakhstani
kenya|Kenya|Q114|Nairobi|Republic of Kenya|Kenyan
kiribati|Kiribati|Q710|Tarawa;South Tarawa|Republic of Kiribati|I-Kiribati
north_korea|North Korea|Q423|Pyongyang|Democratic People's Republic of Korea;DPRK;D.P.R.K.;N. Korea|North Korean
south_korea|South Korea|Q884|Seoul|Republic of Korea;ROK;R.O.K.;S. Korea|South Korean
kuwait|Kuwait|Q817|Kuwait City|State of Kuwait|Kuwaiti
kyrgyzstan|Kyrgyzstan|Q813|Bishkek|Kyrgyz Republic;Kirghizia;Kirgizia|Kyrgyz;Kyrgyzstani
laos|Laos|Q819|Vientiane|Lao People's Democratic Republic;Lao PDR|Lao;Laotian
latvia|Latvia|Q211|Riga|Republic of Latvia|Latvian
lebanon|Lebanon|Q822|Beirut|Lebanese Republic|Lebanese
lesotho|Lesotho|Q1013|Maseru|Kingdom of Lesotho|Mosotho;Basotho
liberia|Liberia|Q1014|Monrovia|Republic of Liberia|Liberian
libya|Libya|Q1016|Tripoli|State of Libya|Libyan
liechtenstein|Liechtenstein|Q347|Vaduz|Principality of Liechtenstein|Liechtensteiner
lithuania|Lithuania|Q37|Vilnius|Republic of Lithuania|Lithuanian
luxembourg|Luxembourg|Q32|Luxembourg City|Grand Duchy of Luxembourg|Luxembourgish;Luxembourger
madagascar|Madagascar|Q1019|Antananarivo|Republic of Madagascar|Malagasy
malawi|Malawi|Q1020|Lilongwe|Republic of Malawi|Malawian
malaysia|Malaysia|Q833|Kuala Lumpur;Putrajaya||Malaysian
maldives|Maldives|Q826|Malé|Republic of Maldives;the Maldives|Maldivian
mali|Mali|Q912|Bamako|Republic of Mali|Malian
malta|Malta|Q233|Valletta|Republic of Malta|Maltese
marshall_islands|Marshall Islands|Q709|Majuro|Republic of the Marshall Islands|Marshallese
mauritania|Mauritania|Q1025|Nouakchott|Islamic Republic of Mauritania|Mauritanian
mauritius|Mauritius|Q1027|Port Louis|Republic of Mauritius|Mauritian
mexico|Mexico|Q96|Mexico City|United Mexican States|Mexican
micronesia|Micronesia|Q702|Palikir|Federated States of Micronesia|Micronesian
moldova|Moldova|Q217|Chisinau;Chișinău;Kishinev|Republic of Moldova|Moldovan
monaco|Monaco|Q235|Monaco-Ville|Principality of Monaco|Monegasque
mongolia|Mongolia|Q711|Ulaanbaatar;Ulan Bator||Mongolian
montenegro|Montenegro|Q236|Podgorica||Montenegrin
morocco|Morocco|Q1028|Rabat|Kingdom of Morocco|Moroccan
mozambique|Mozambique|Q1029|Maputo|Republic of Mozambique|Mozambican
myanmar|Myanmar|Q836|Naypyidaw;Nay Pyi Taw;Naypyitaw|Burma;Republic of the Union of Myanmar|Burmese;Myanmarese
namibia|Namibia|Q1030|Windhoek|Republic of Namibia|Namibian
nauru|Nauru|Q697|Yaren|Republic of Nauru|Nauruan
nepal|Nepal|Q837|Kathmandu||Nepali;Nepalese
netherlands|Netherlands|Q55|Amsterdam|The Netherlands;Holland;Kingdom of the Netherlands|Dutch;Dutchman;Dutchmen
new_zealand|New Zealand|Q664|Wellington|Aotearoa|New Zealander;Kiwi
nicaragua|Nicaragua|Q811|Managua|Republic of Nicaragua|Nicaraguan
niger|Niger|Q1032|Niamey|Republic of the Niger;Republic of Niger|Nigerien
nigeria|Nigeria|Q1033|Abuja|Federal Republic of Nigeria|Nigerian
north_macedonia|North Macedonia|Q221|Skopje|Republic of North Macedonia;Macedonia;FYROM|Macedonian;North Macedonian
norway|Norway|Q20|Oslo|Kingdom of Norway|Norwegian
oman|Oman|Q842|Muscat|Sultanate of Oman|Omani
pakistan|Pakistan|Q843|Islamabad|Islamic Republic of Pakistan|Pakistani
palau|Palau|Q695|Ngerulmud;Melekeok|Republic of Palau|Palauan
panama|Panama|Q804|Panama City|Republic of Panama|Panamanian
papua_new_guinea|Papua New Guinea|Q691|Port Moresby|PNG|Papua New Guinean
paraguay|Paraguay|Q733|Asuncion;Asunción|Republic of Paraguay|Paraguayan
peru|Peru|Q419|Lima|Republic of Peru|Peruvian
philippines|Philippines|Q928|Manila|Republic of the Philippines;the Philippines|Filipino;Filipinos;Philippine
poland|Poland|Q36|Warsaw|Republic of Poland|Polish;Pole;Poles
portugal|Portugal|Q45|Lisbon|Portuguese Republic|Portuguese
qatar|Qatar|Q846|Doha|State of Qatar|Qatari
romania|Romania|Q218|Bucharest|Rumania|Romanian
russia|Russia|Q159|Moscow;Kremlin;the Kremlin|Russian Federation|Russian
rwanda|Rwanda|Q1037|Kigali|Republic of Rwanda|Rwandan
saint_kitts_and_nevis|Saint Kitts and Nevis|Q763|Basseterre|St. Kitts and Nevis;St Kitts and Nevis|Kittitian;Nevisian
saint_lucia|Saint Lucia|Q760|Castries|St. Lucia;St Lucia|Saint Lucian;St. Lucian
saint_vincent_and_the_grenadines|Saint Vincent and the Grenadines|Q757|Kingstown|St. Vincent and the Grenadines;St Vincent and the Grenadines|Vincentian
samoa|Samoa|Q683|Apia|Independent State of Samoa|Samoan
san_marino|San Marino|Q238|City of San Marino|Republic of San Marino|Sammarinese
sao_tome_and_principe|São Tomé and Príncipe|Q1039|São Tomé;Sao Tome|Sao Tome and Principe|Santomean
saudi_arabia|Saudi Arabia|Q851|Riyadh|Kingdom of Saudi Arabia;KSA|Saudi;Saudi Arabian
senegal|Senegal|Q1041|Dakar|Republic of Senegal|Senegalese
serbia|Serbia|Q403|Belgrade|Republic of Serbia|Serbian;Serb
seychelles|Seychelles|Q1042||Republic of Seychelles|Seychellois
sierra_leone|Sierra Leone|Q1044|Freetown|Republic of Sierra Leone|Sierra Leonean
singapore|Singapore|Q334||Republic of Singapore|Singaporean
slovakia|Slovakia|Q214|Bratislava|Slovak Republic|Slovak;Slovakian
slovenia|Slovenia|Q215|Ljubljana|Republic of Slovenia|Slovenian;Slovene;Slovenes
solomon_islands|Solomon Islands|Q685|Honiara|Solomons|Solomon Islander
somalia|Somalia|Q1045|Mogadishu|Federal Republic of Somalia|Somali;Somalian
south_africa|South Africa|Q258|Pretoria;Cape Town|Republic of South Africa|South African
south_sudan|South Sudan|Q958|Juba|Republic of South Sudan|South Sudanese
spain|Spain|Q29|Madrid|Kingdom of Spain|Spanish;Spaniard
sri_lanka|Sri Lanka|Q854|Colombo;Sri Jayawardenepura Kotte|Ceylon;Democratic Socialist Republic of Sri Lanka|Sri Lankan
sudan|Sudan|Q1049|Khartoum;Port Sudan|Republic of the Sudan;Republic of Sudan;the Sudan|Sudanese
suriname|Suriname|Q730|Paramaribo|Republic of Suriname;Surinam|Surinamese
sweden|Sweden|Q34|Stockholm|Kingdom of Sweden|Swedish;Swede;Swedes
switzerland|Switzerland|Q39|Bern;Berne|Swiss Confederation|Swiss
syria|Syria|Q858|Damascus|Syrian Arab Republic|Syrian
tajikistan|Tajikistan|Q863|Dushanbe|Republic of Tajikistan|Tajik;Tajikistani
tanzania|Tanzania|Q924|Dodoma;Dar es Salaam|United Republic of Tanzania|Tanzanian
thailand|Thailand|Q869|Bangkok|Kingdom of Thailand;Siam|Thai
east_timor|East Timor|Q574|Dili|Timor-Leste;Timor Leste;Democratic Republic of Timor-Leste|Timorese;East Timorese
togo|Togo|Q945|Lome;Lomé|Togolese Republic|Togolese
tonga|Tonga|Q678|Nuku'alofa;Nukuʻalofa|Kingdom of Tonga|Tongan
trinidad_and_tobago|Trinidad and Tobago|Q754|Port of Spain|Republic of Trinidad and Tobago|Trinidadian;Tobagonian
tunisia|Tunisia|Q948|Tunis|Republic of Tunisia|Tunisian
turkey|Turkey|Q43|Ankara|Türkiye;Turkiye;Republic of Türkiye;Republic of Turkey|Turkish;Turk
turkmenistan|Turkmenistan|Q874|Ashgabat;Ashkhabad||Turkmen;Turkmenistani
tuvalu|Tuvalu|Q672|Funafuti||Tuvaluan
uganda|Uganda|Q1036|Kampala|Republic of Uganda|Ugandan
ukraine|Ukraine|Q212|Kyiv;Kiev|the Ukraine|Ukrainian
united_arab_emirates|United Arab Emirates|Q878|Abu Dhabi|UAE;U.A.E.;the Emirates|Emirati
united_kingdom|United Kingdom|Q145|London;Downing Street;Whitehall|UK;U.K.;Britain;Great Britain;United Kingdom of Great Britain and Northern Ireland|British;Briton
united_states|United States|Q30|Washington;Washington, D.C.;Washington D.C.;Washington, DC;Washington DC|US;U.S.;USA;U.S.A.;America;United States of America|American
uruguay|Uruguay|Q77|Montevideo|Oriental Republic of Uruguay|Uruguayan
uzbekistan|Uzbekistan|Q265|Tashkent|Republic of Uzbekistan|Uzbek;Uzbekistani
vanuatu|Vanuatu|Q686|Port Vila|Republic of Vanuatu|Ni-Vanuatu
venezuela|Venezuela|Q717|Caracas|Bolivarian Republic of Venezuela|Venezuelan
vietnam|Vietnam|Q881|Hanoi|Viet Nam;Socialist Republic of Vietnam|Vietnamese
yemen|Yemen|Q805|Sanaa;Sana'a;Aden|Republic of Yemen|Yemeni
zambia|Zambia|Q953|Lusaka|Republic of Zambia|Zambian
zimbabwe|Zimbabwe|Q954|Harare|Republic of Zimbabwe|Zimbabwean
holy_see|Holy See|Q159583|Vatican City;Vatican|Vatican;Vatican City State|
palestine|Palestine|Q219060||State of Palestine;Palestinian Territory;Palestinian territories;Occupied Palestinian Territory;occupied Palestinian territories|Palestinian
taiwan|Taiwan|Q865|Taipei|Republic of China;ROC;R.O.C.;Chinese Taipei|Taiwanese
kosovo|Kosovo|Q1246|Pristina;Prishtina|Republic of Kosovo|Kosovar;Kosovan
"""

#: Plurals that the rule above would get wrong or miss.
IRREGULAR_PLURALS = {
    "Briton": "Britons",
    "Swazi": "Swazis",
    "Kiwi": "Kiwis",
    "Saudi": "Saudis",
    "Somali": "Somalis",
    "Croat": "Croats",
    "Serb": "Serbs",
    "Turk": "Turks",
    "Greek": "Greeks",
    "Aussie": "Aussies",
    "Filipino": "Filipinos",
    "Azeri": "Azeris",
    "Pole": "Poles",
    "Spaniard": "Spaniards",
    "Kosovar": "Kosovars",
    "Nigerien": "Nigeriens",
}

#: Singular forms that are adjectives only or already plural: no "s" is added.
NO_PLURAL = {
    "Hellenic",
    "Icelandic",
    "Magyar",
    "Kyrgyz",
    "Turkmen",
    "Philippine",
    "Frenchman",  # Frenchmen is listed beside it
    "Dutchman",
    "I-Kiribati",
    "Emaswati",
}


def _plural(demonym: str) -> str | None:
    if demonym in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[demonym]
    if demonym in NO_PLURAL or demonym.endswith("s"):
        return None
    if demonym.endswith(_REGULAR):
        return demonym + "s"
    return None


def _split(field: str) -> list[str]:
    return [part.strip() for part in field.split(";") if part.strip()]


def records() -> list[dict]:
    """Every state as a reference record, in table order."""
    out = []
    for line in TABLE.strip().splitlines():
        key, name, wikidata, capitals, aliases, demonyms = line.split("|")
        forms: list[str] = []
        for demonym in _split(demonyms):
            forms.append(demonym)
            plural = _plural(demonym)
            if plural and plural not in forms:
                forms.append(plural)
        out.append(
            {
                "key": key,
                "name": name,
                "aliases": _split(aliases),
                "demonyms": list(dict.fromkeys(forms)),
                "capitals": _split(capitals),
                "wikidata": wikidata or None,
            }
        )
    return out


def main() -> None:
    states = records()
    OUT.write_text(json.dumps(states, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(states)} states to {OUT}")


if __name__ == "__main__":
    main()
